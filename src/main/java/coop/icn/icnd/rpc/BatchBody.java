package coop.icn.icnd.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The body of a batch request: one JSON object holding one array, with a limit on the whole
 * body (read no further than one byte past it, so an oversize body is refused without holding
 * it) and on the number of items. Item by item validation is the resource's.
 */
final class BatchBody {
    /** Items in one batch: a batch is one commit and one answer, and the caller waits for all of it. */
    static final int MAX_ITEMS = 1_000;
    /** The whole request body: room for one entry of the default size limit in base64, or 1,000 small ones. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BatchBody() {
    }

    /** Reads {@code type} from {@code body}; {@code shape} says what the body must look like, for the error. */
    static <T> T read(InputStream body, Class<T> type, String shape) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw RpcErrors.error(413, "a batch request body is limited to " + MAX_BYTES + " bytes");
        }
        T parsed;
        try {
            parsed = JSON.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw RpcErrors.badRequest("the body must be " + shape + ": " + e.getOriginalMessage());
        }
        if (parsed == null) {
            throw RpcErrors.badRequest("the body must be " + shape);
        }
        return parsed;
    }

    /** The batch's items, when there are 1 to {@link #MAX_ITEMS} of them. */
    static <T> List<T> items(List<T> items, String field) {
        if (items == null || items.isEmpty()) {
            throw RpcErrors.badRequest("\"" + field + "\" must hold at least one item");
        }
        if (items.size() > MAX_ITEMS) {
            throw RpcErrors.badRequest("a batch holds at most " + MAX_ITEMS + " items, got " + items.size());
        }
        return items;
    }
}
