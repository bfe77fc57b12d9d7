package org.chatnow.server.store;

/** A verified file sent into {@code conversation}: stored as {@code id}, shown as {@code name}. */
public record AttachmentRecord(String id, String conversation, String name, long size, String sha256, String uploader, long uploadedAt) {
}
