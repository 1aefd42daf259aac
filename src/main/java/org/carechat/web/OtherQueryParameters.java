package org.carechat.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route whose query another party writes — an EHR's launch, an authorisation server's redirect back, which
 * may add parameters of its own ({@code session_state}, {@code iss}, {@code error_description}) — so that
 * {@link QueryParameterCheck} lets query parameters the route does not read through instead of refusing them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface OtherQueryParameters {}
