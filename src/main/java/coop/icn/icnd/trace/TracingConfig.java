package coop.icn.icnd.trace;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.net.URI;

/** The {@code tracing:} block of {@code icnd.yml}. Off by default: no exporter threads, no spans recorded. */
public class TracingConfig {
    /** Where spans go: OTLP over HTTP/protobuf, or Zipkin's JSON v2 API. */
    public enum Exporter { OTLP, ZIPKIN }

    private boolean enabled;

    @NotNull
    private Exporter exporter = Exporter.OTLP;

    @NotNull
    private URI endpoint = URI.create("http://127.0.0.1:4318/v1/traces");

    @DecimalMin("0.0")
    @DecimalMax("1.0")
    private double samplingRatio = 0.1;

    @NotBlank
    private String serviceName = "icnd";

    @JsonProperty
    public boolean isEnabled() {
        return enabled;
    }

    @JsonProperty
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @JsonProperty
    public Exporter getExporter() {
        return exporter;
    }

    @JsonProperty
    public void setExporter(Exporter exporter) {
        this.exporter = exporter;
    }

    /** OTLP: {@code http://host:4318/v1/traces}; Zipkin: {@code http://host:9411/api/v2/spans}. */
    @JsonProperty
    public URI getEndpoint() {
        return endpoint;
    }

    @JsonProperty
    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Share of new traces recorded; a span whose parent was recorded is recorded too (parent-based). */
    @JsonProperty
    public double getSamplingRatio() {
        return samplingRatio;
    }

    @JsonProperty
    public void setSamplingRatio(double samplingRatio) {
        this.samplingRatio = samplingRatio;
    }

    @JsonProperty
    public String getServiceName() {
        return serviceName;
    }

    @JsonProperty
    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    @JsonIgnore
    @ValidationMethod(message = "tracing.endpoint must be an http:// or https:// URL with a host")
    public boolean isEndpointValid() {
        return endpoint != null && endpoint.getHost() != null
                && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()));
    }
}
