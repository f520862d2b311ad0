package coop.icn.icnd.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class TraceSinkTest {
    @Test
    void acceptsAndCountsEachOtlpExportAnsweringAnEmptyResponse() throws Exception {
        try (TraceSink sink = new TraceSink()) {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(sink.endpoint()))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEmpty();
            }
            assertThat(sink.requests()).isEqualTo(2);
            assertThat(sink.bytes()).isEqualTo(2000);
        }
    }
}
