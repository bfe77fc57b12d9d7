package org.chatnow.client;

import java.time.Instant;

/** A file in the server's shared folder. {@code sha256} is lower-case hex. */
public record SharedFile(String name, long size, String uploader, Instant uploaded, String sha256) {
}
