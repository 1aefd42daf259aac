package org.carechat.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GSM 7-bit and UCS-2 as TS 23.038 has them, and the part counts the composer shows (static/shared/sms-length.js). */
class SmsTextTest {

    @Test
    void theGsmTablesHoldTheirFullAlphabets() {
        assertThat(SmsText.GSM_BASIC).hasSize(128);
        assertThat(SmsText.GSM_BASIC.charAt(0x00)).isEqualTo('@');
        assertThat(SmsText.GSM_BASIC.charAt(0x1B)).isEqualTo('\u001B');
        assertThat(SmsText.GSM_BASIC.charAt(0x24)).isEqualTo('¤');
        assertThat(SmsText.GSM_BASIC.charAt(0x41)).isEqualTo('A');
        assertThat(SmsText.GSM_BASIC.charAt(0x7F)).isEqualTo('à');
        assertThat(SmsText.GSM_EXTENDED).hasSize(10).contains("€", "[", "]", "{", "}", "\\", "^", "~", "|");
    }

    @Test
    void textInTheGsmAlphabetTakes160CharactersPerSmsThen153PerPart() {
        assertThat(SmsText.encodingOf("Plain text @ £5 é")).isEqualTo(SmsText.Encoding.GSM7);
        assertThat(SmsText.partsOf("a".repeat(160))).isEqualTo(1);
        assertThat(SmsText.partsOf("a".repeat(161))).isEqualTo(2);
        assertThat(SmsText.partsOf("a".repeat(306))).isEqualTo(2);
        assertThat(SmsText.partsOf("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountTwiceAndAreNeverSplitAcrossParts() {
        assertThat(SmsText.partsOf("€".repeat(80))).isEqualTo(1);
        assertThat(SmsText.partsOf("€".repeat(81))).isEqualTo(2);
        SmsText.Encoded encoded = SmsText.encode("a".repeat(152) + "€" + "b".repeat(10));
        assertThat(encoded.parts()).hasSize(2);
        assertThat(encoded.parts().getFirst()).hasSize(152);
        assertThat(encoded.parts().get(1)).startsWith(0x1B, 0x65);
    }

    @Test
    void anyCharacterOutsideTheGsmAlphabetMakesTheTextUcs2Of70Then67Units() {
        assertThat(SmsText.encodingOf("Résultats ✓")).isEqualTo(SmsText.Encoding.UCS2);
        assertThat(SmsText.partsOf("✓".repeat(70))).isEqualTo(1);
        assertThat(SmsText.partsOf("✓".repeat(71))).isEqualTo(2);
        assertThat(SmsText.partsOf("✓".repeat(134))).isEqualTo(2);
        // a surrogate pair (an emoji) is two units and stays in one part
        SmsText.Encoded emoji = SmsText.encode("x".repeat(66) + "🙏" + "x".repeat(5));
        assertThat(emoji.parts()).hasSize(2);
        assertThat(new String(emoji.parts().get(1), StandardCharsets.UTF_16BE)).isEqualTo("🙏xxxxx");
    }

    @Test
    void decodingReadsEachDataCodingTheSmsCentreUses() {
        byte[] gsm = SmsText.encode("Hi @ 10€ [ok]").parts().getFirst();
        assertThat(SmsText.decode(0x00, gsm)).isEqualTo("Hi @ 10€ [ok]");
        assertThat(SmsText.decode(0xF0, gsm))
                .as("GSM data coding group, class 0")
                .isEqualTo("Hi @ 10€ [ok]");
        assertThat(SmsText.decode(0x08, "Ευχαριστώ 🙏".getBytes(StandardCharsets.UTF_16BE)))
                .isEqualTo("Ευχαριστώ 🙏");
        assertThat(SmsText.decode(0x18, "ok ✓".getBytes(StandardCharsets.UTF_16BE)))
                .isEqualTo("ok ✓");
        assertThat(SmsText.decode(0x03, "café".getBytes(StandardCharsets.ISO_8859_1)))
                .isEqualTo("café");
        assertThat(SmsText.decode(0x01, "plain".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("plain");
        assertThat(SmsText.decode(0x00, new byte[] {0x41, 0x1B}))
                .as("a lone escape at the end")
                .isEqualTo("A ");
    }

    @Test
    void everyPartOfALongTextDecodesBackToTheText() {
        for (String text : List.of("x".repeat(500), "€[".repeat(120), "✓ é".repeat(60))) {
            SmsText.Encoded encoded = SmsText.encode(text);
            StringBuilder back = new StringBuilder();
            int dcs = encoded.encoding() == SmsText.Encoding.GSM7 ? 0x00 : 0x08;
            encoded.parts().forEach(p -> back.append(SmsText.decode(dcs, p)));
            assertThat(back.toString()).isEqualTo(text);
        }
    }
}
