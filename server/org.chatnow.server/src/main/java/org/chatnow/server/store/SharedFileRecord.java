package org.chatnow.server.store;

/** A verified file of the shared folder. */
public record SharedFileRecord(String name, long size, String sha256, String uploader, long uploadedAt) {
}
