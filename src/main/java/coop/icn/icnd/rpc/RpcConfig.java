package coop.icn.icnd.rpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

/** The {@code rpc:} block of {@code icnd.yml}: how callers of the RPC API and admin tasks prove who they are. */
public class RpcConfig {
    /** {@code token}: every {@code /v1/*} request and admin {@code /tasks/*} needs the bearer token. */
    public enum Auth { TOKEN, NONE }

    @NotNull
    private Auth auth = Auth.TOKEN;

    private Path tokenFile;

    @JsonProperty
    public Auth getAuth() {
        return auth;
    }

    @JsonProperty
    public void setAuth(Auth auth) {
        this.auth = auth;
    }

    /** Where the token lives; absent means {@code ${dataDir}/rpc-token}. */
    @JsonProperty
    public Path getTokenFile() {
        return tokenFile;
    }

    @JsonProperty
    public void setTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
    }

    public Path tokenFileOrDefault(Path dataDir) {
        return tokenFile != null ? tokenFile : dataDir.resolve("rpc-token");
    }
}
