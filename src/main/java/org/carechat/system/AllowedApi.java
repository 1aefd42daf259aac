package org.carechat.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the few places allowed to call an API that the build's forbidden-API list bans elsewhere
 * ({@code src/build/forbidden-signatures.txt}), such as the clock bean itself. Say why in {@link #value()}.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface AllowedApi {
    String value();
}
