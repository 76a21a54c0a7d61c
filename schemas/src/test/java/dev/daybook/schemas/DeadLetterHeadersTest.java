package dev.daybook.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    @Test
    void aMessageIsCutAfterItsMaximumLengthAndSaysSo() {
        String longest = "x".repeat(DeadLetterHeaders.MAX_MESSAGE_LENGTH);

        assertThat(DeadLetterHeaders.truncate(longest)).isEqualTo(longest);
        assertThat(DeadLetterHeaders.truncate(longest + "y")).isEqualTo(longest + "...");
        assertThat(DeadLetterHeaders.truncate(null)).isEqualTo("null");
    }

    @Test
    void headerValuesAreUtf8() {
        assertThat(DeadLetterHeaders.utf8("prix €")).containsExactly('p', 'r', 'i', 'x', ' ', 0xe2, 0x82, 0xac);
    }
}
