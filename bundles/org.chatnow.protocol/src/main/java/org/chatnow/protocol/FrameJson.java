package org.chatnow.protocol;

import java.io.IOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Maps frames to and from their JSON payload. Thread-safe. */
public final class FrameJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer peers may add fields
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();

    private FrameJson() {
    }

    /** The UTF-8 JSON payload of {@code frame}. */
    public static byte[] toBytes(Frame frame) {
        try {
            return MAPPER.writeValueAsBytes(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + frame, e);
        }
    }

    /** The frame in {@code length} bytes of UTF-8 JSON at {@code offset}. */
    public static Frame fromBytes(byte[] bytes, int offset, int length) throws MalformedFrameException {
        try {
            Frame frame = MAPPER.readValue(bytes, offset, length, Frame.class);
            if (frame == null) {
                throw new MalformedFrameException("empty frame");
            }
            return frame;
        } catch (IOException e) {
            throw new MalformedFrameException(describe(e));
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return end > 0 ? message.substring(0, end) : message;
    }
}
