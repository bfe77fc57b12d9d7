package org.chatnow.server.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the server keeps. Every method is durable when it returns (the write is committed) and throws
 * {@link StoreException} when the database fails. Implementations are thread-safe.
 */
public interface ChatStore extends AutoCloseable {

    Optional<Account> findAccount(String name);

    /** Creates an account and makes it a member of the lobby (read up to now); false if the name is taken. */
    boolean createAccount(String name, String passwordHash, boolean admin, long now);

    boolean updatePassword(String name, String passwordHash);

    boolean setBanned(String name, boolean banned);

    void saveResumeToken(String tokenHash, String account, long expiresAt);

    /** The account a live token belongs to. */
    Optional<String> resumeTokenAccount(String tokenHash, long now);

    /** The account a live token belongs to, read in one look-up (a reconnect storm makes many at once). */
    Optional<Account> resumeTokenOwner(String tokenHash, long now);

    void deleteResumeToken(String tokenHash);

    void deleteResumeTokens(String account);

    /** The highest sequence number of {@code conversation}, 0 if it has no messages. */
    long lastSeq(String conversation);

    /**
     * Stores {@code message}; if its sender already stored a message with the same client id, stores nothing and
     * returns that message's sequence number instead; a client id already used in another conversation is refused
     * with {@link IllegalArgumentException}.
     */
    Optional<Long> insertMessage(StoredMessage message);

    /**
     * Stores {@code messages} in one transaction (a group commit). A message whose client id its sender used before
     * is stored without the id (its duplicate check happened earlier, see {@link #findByClientId}). Each sender's
     * read position moves up to their message: whoever writes has read.
     */
    void insertMessages(List<StoredMessage> messages);

    /** The message its sender stored with {@code clientId}, if any. */
    Optional<StoredMessage> findByClientId(String sender, String clientId);

    /** Up to {@code limit} messages with sequence numbers above {@code afterSeq}, oldest first. */
    List<StoredMessage> messagesAfter(String conversation, long afterSeq, int limit);

    /** Up to {@code limit} of the newest messages with sequence numbers below {@code beforeSeq}, oldest first. */
    List<StoredMessage> messagesBefore(String conversation, long beforeSeq, int limit);

    /** Up to {@code limit} messages before {@code beforeSeq} whose text contains {@code query} (ignoring case), oldest first. */
    List<StoredMessage> searchMessages(String conversation, String query, long beforeSeq, int limit);

    /** The conversations {@code account} is a member of. */
    List<Membership> memberships(String account);

    Set<String> members(String conversation);

    boolean isMember(String conversation, String account);

    /** Adds a member who has read up to {@code readSeq}; false if already a member. */
    boolean addMember(String conversation, String account, long readSeq);

    boolean removeMember(String conversation, String account);

    /** Moves the read position forward to {@code seq}; false if it was already there or further. */
    boolean advanceRead(String conversation, String account, long seq);

    Map<String, Long> readPositions(String conversation);

    Optional<RoomRecord> findRoom(String name);

    /** Creates a room with its creator as the first member; false if the name is taken. */
    boolean createRoom(String name, String topic, String creator, long now);

    List<RoomRecord> rooms();

    /** The shared folder, sorted by name. */
    List<SharedFileRecord> sharedFiles();

    Optional<SharedFileRecord> findSharedFile(String name);

    /** Records a completed upload; false if the name is taken. */
    boolean insertSharedFile(SharedFileRecord file);

    boolean deleteSharedFile(String name);

    /** Bytes of the shared folder uploaded by {@code uploader}. */
    long sharedBytes(String uploader);

    /** Records a verified attachment. */
    void insertAttachment(AttachmentRecord attachment);

    Optional<AttachmentRecord> findAttachment(String id);

    @Override
    void close();
}
