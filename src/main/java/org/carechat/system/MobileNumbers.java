package org.carechat.system;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.springframework.stereotype.Component;

/**
 * Mobile numbers checked and normalised with libphonenumber before anything is sent to one or compared with one: a
 * number written without a country code is read in the installation's default region ({@code
 * carechat.patients.default-region}); only a valid number that can be a mobile is accepted; the result is E.164
 * ({@code +447400123456}).
 */
@Component
public class MobileNumbers {

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public MobileNumbers(CareChatProperties properties) {
        this.defaultRegion = properties.patients().defaultRegion();
    }

    /** The number in E.164 form, or null when it is not a valid mobile number. */
    public String normalise(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = util.parse(raw, defaultRegion);
            if (!util.isValidNumber(number)) {
                return null;
            }
            PhoneNumberUtil.PhoneNumberType type = util.getNumberType(number);
            if (type != PhoneNumberUtil.PhoneNumberType.MOBILE
                    && type != PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE) {
                return null;
            }
            return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** Whether {@code raw} looks like a phone number rather than an e-mail address (it has no {@code @}). */
    public static boolean looksLikeNumber(String raw) {
        return raw != null && !raw.contains("@") && raw.chars().anyMatch(Character::isDigit);
    }
}
