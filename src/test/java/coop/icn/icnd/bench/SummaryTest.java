package coop.icn.icnd.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SummaryTest {
    @Test
    void oddRoundsGiveTheMiddleOneAsTheMedianWhateverTheirOrder() {
        assertThat(Summary.of(520, 450, 480)).isEqualTo(new Summary(450, 480, 520));
    }

    @Test
    void evenRoundsGiveTheMeanOfTheTwoMiddleOnes() {
        assertThat(Summary.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Summary(1, 2.5, 4));
    }

    @Test
    void oneRoundIsItsOwnMinMedianAndMax() {
        assertThat(Summary.of(7)).isEqualTo(new Summary(7, 7, 7));
    }

    @Test
    void noRoundsIsAnError() {
        assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsMinMedianMaxWithThousandsSeparators() {
        assertThat(Summary.of(1234.4, 8000.6, 12000).format(0)).isEqualTo("1,234 / 8,001 / 12,000");
        assertThat(Summary.of(0.125, 0.5, 4).format(2)).isEqualTo("0.13 / 0.50 / 4.00");
    }
}
