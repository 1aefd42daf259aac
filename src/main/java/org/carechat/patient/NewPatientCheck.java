package org.carechat.patient;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import org.carechat.system.EmailAddresses;
import org.carechat.system.MobileNumbers;
import org.carechat.web.PlainText;
import org.springframework.stereotype.Component;

/**
 * The checks a patient record passes before it is stored, from the API or a CSV row alike: plain text only, the
 * field rules of {@link NewPatient}, a real birth date not in the future, a mobile that libphonenumber takes for a
 * mobile (a landline cannot receive codes), an e-mail address that mail can be sent to.
 */
@Component
class NewPatientCheck {

    private final Validator validator;
    private final Clock clock;
    private final MobileNumbers numbers;

    NewPatientCheck(Validator validator, Clock clock, MobileNumbers numbers) {
        this.validator = validator;
        this.clock = clock;
        this.numbers = numbers;
    }

    /** @return the first problem with {@code p} as a sentence fragment naming the field, or {@code null} */
    String problem(NewPatient p) {
        String[][] fields = {
            {"mrn", p.mrn()}, {"given_name", p.givenName()}, {"family_name", p.familyName()},
            {"birth_date", p.birthDate()}, {"mobile", p.mobile()}, {"email", p.email()}
        };
        for (String[] field : fields) {
            int at = PlainText.forbiddenAt(field[1]);
            if (at >= 0) {
                return field[0] + " contains " + PlainText.describe(field[1], at)
                        + "; only line breaks and tabs are allowed besides text";
            }
        }
        Set<ConstraintViolation<NewPatient>> violations = validator.validate(p);
        if (!violations.isEmpty()) {
            return violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> fieldName(v.getPropertyPath().toString()) + " " + v.getMessage())
                    .collect(Collectors.joining(", "));
        }
        try {
            if (LocalDate.parse(p.birthDate()).isAfter(LocalDate.now(clock))) {
                return "birth_date is in the future";
            }
        } catch (DateTimeParseException e) {
            return "birth_date is not a real date";
        }
        if (p.mobile() != null && !p.mobile().isBlank() && numbers.normalise(p.mobile()) == null) {
            return "mobile must be a mobile number, such as +447400123456 (a landline cannot receive codes)";
        }
        if (p.email() != null && !p.email().isBlank() && EmailAddresses.normalise(p.email()) == null) {
            return "email must be an e-mail address";
        }
        return null;
    }

    private static String fieldName(String property) {
        return switch (property) {
            case "givenName" -> "given_name";
            case "familyName" -> "family_name";
            case "birthDate" -> "birth_date";
            default -> property;
        };
    }
}
