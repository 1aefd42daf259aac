package org.carechat.system;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Reads a rate setting such as {@code carechat.limits.sends-per-user=120/1m}. */
@Component
@ConfigurationPropertiesBinding
class RateConverter implements Converter<String, CareChatProperties.Rate> {

    @Override
    public CareChatProperties.Rate convert(String source) {
        return CareChatProperties.Rate.parse(source);
    }
}
