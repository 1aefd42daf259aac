package org.carechat.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the patient app at {@code /patient/} (its files are static resources under {@code static/patient/}, like the
 * staff app at {@code /}) and the public contact form at {@code /contact/} ({@code static/contact/}); each without the
 * slash is sent there.
 */
@Configuration(proxyBeanMethods = false)
class PatientAppPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/patient/").setViewName("forward:/patient/index.html");
        registry.addRedirectViewController("/patient", "/patient/");
        registry.addViewController("/contact/").setViewName("forward:/contact/index.html");
        registry.addRedirectViewController("/contact", "/contact/");
    }
}
