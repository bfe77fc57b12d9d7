package org.chatnow.protocol;

import java.io.IOException;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Maps frames to and from their JSON payload. Thread-safe. */
public final class FrameJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer peers may add fields
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // one meaning per frame: a key given twice, or 1.5 where a whole number belongs, is refused, not guessed at
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        // nor is "" or "3" where a number belongs ("" would be read as null, "3" as 3)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // a null value in an object of values (have, reads) would vanish when the frame is written again
        .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();

    /** Each frame record's {@code type} on the wire. */
    private static final Map<Class<?>, String> TYPE_NAMES = Arrays.stream(Frame.class.getAnnotation(JsonSubTypes.class).value())
        .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private FrameJson() {
    }

    /** The protocol's name of {@code frame}'s type ({@code "login_ok"} for a {@link Frame.LoginOk}), as its JSON says. */
    public static String typeName(Frame frame) {
        return TYPE_NAMES.get(frame.getClass());
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
        int first = offset;
        while (first < offset + length && (bytes[first] == ' ' || bytes[first] == '\t' || bytes[first] == '\n' || bytes[first] == '\r')) {
            first++;
        }
        if (first == offset + length || bytes[first] != '{') {
            // Jackson would also read ["type", {...}] as a frame: the protocol has objects only
            throw new MalformedFrameException("the frame is not a JSON object");
        }
        try {
            Frame frame = MAPPER.readValue(bytes, offset, length, Frame.class);
            if (frame == null) {
                throw new MalformedFrameException("empty frame");
            }
            return frame;
        } catch (IOException e) {
            throw new MalformedFrameException(describe(e), e);
        }
    }

    /** What was wrong, in the protocol's terms: no class names, type lists or parser limits of this implementation. */
    static String describe(IOException e) {
        if (e instanceof InvalidTypeIdException unknown) {
            return unknown.getTypeId() == null ? "the frame has no \"type\"" : "unknown frame type \"" + unknown.getTypeId() + "\"";
        }
        if (e instanceof StreamConstraintsException) {
            return "the JSON is nested too deeply or holds a value too long";
        }
        if (e instanceof InputCoercionException) {
            return "a number is out of range" + field(e);
        }
        if (e instanceof StreamReadException read) {
            String what = read.getMessage() != null && read.getMessage().startsWith("Duplicate field")
                ? "a key appears twice" : "not valid JSON";
            return read.getLocation() == null || read.getLocation().getByteOffset() < 0 ? what
                : what + " (at byte " + read.getLocation().getByteOffset() + ")";
        }
        if (e instanceof JsonMappingException mapping) {
            if (mapping.getCause() instanceof InputCoercionException) {
                return "a number is out of range" + field(mapping);
            }
            String path = path(mapping);
            return path.isEmpty() ? "the frame is not a JSON object of a known type" : "\"" + path + "\" has the wrong type or value";
        }
        return "the frame is not a JSON object of a known type";
    }

    private static String field(IOException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping) : "";
        return path.isEmpty() ? "" : " (\"" + path + "\")";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    }
}
