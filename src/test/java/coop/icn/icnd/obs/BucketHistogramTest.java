package coop.icn.icnd.obs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where an observation lands, and that none is lost or torn when many threads share few stripes. */
class BucketHistogramTest {
    @Test
    void aBoundIsInclusiveAndWhatIsAboveEveryBoundOrNaNIsOnlyInInf() {
        BucketHistogram histogram = new BucketHistogram(new double[] {1, 10});

        for (double value : new double[] {-5, 1, 1.5, 10, 10.000001, Double.POSITIVE_INFINITY, Double.NaN}) {
            histogram.observe(value);
        }

        BucketHistogram.Snapshot snapshot = histogram.snapshot();
        assertThat(snapshot.cumulativeCounts()).containsExactly(2, 4, 7);
        assertThat(snapshot.count()).isEqualTo(7);
        assertThat(snapshot.sum()).isNaN();
    }

    @Test
    void theSumAddsEveryValue() {
        BucketHistogram histogram = new BucketHistogram(new double[] {0.5});
        histogram.observe(0.25);
        histogram.observe(2);
        histogram.observe(-1);

        assertThat(histogram.snapshot().sum()).isEqualTo(1.25);
    }

    @Test
    void boundsMustAscend() {
        assertThatThrownBy(() -> new BucketHistogram(new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eightThreadsOnTwoStripesLoseNoObservation() throws Exception {
        HistogramCells cells = new HistogramCells(3, 2);
        int threads = 8;
        int each = 200_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int bucket = t % 3;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        cells.add(bucket, 1);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(); // an assertion error on a worker reaches JUnit here
            }
        } finally {
            pool.shutdownNow();
        }

        // buckets 0 and 1 had three threads each, bucket 2 two; the sum of ones is exact in a double
        assertThat(cells.count(0)).isEqualTo(3L * each);
        assertThat(cells.count(1)).isEqualTo(3L * each);
        assertThat(cells.count(2)).isEqualTo(2L * each);
        assertThat(cells.sum()).isEqualTo(8.0 * each);
    }

    @Test
    void stripesFollowTheProcessorsInPowersOfTwo() {
        assertThat(HistogramCells.stripesFor(1)).isEqualTo(1);
        assertThat(HistogramCells.stripesFor(2)).isEqualTo(2);
        assertThat(HistogramCells.stripesFor(3)).isEqualTo(4);
        assertThat(HistogramCells.stripesFor(1_000)).isEqualTo(64);
        assertThatThrownBy(() -> new HistogramCells(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
