package org.chatnow.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.chatnow.protocol.Limits;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The store on a JDBC database: an H2 file database in the server's data directory by default, or PostgreSQL (or
 * any database Flyway and the schema support) through a JDBC URL. The schema is migrated by Flyway on open.
 */
public final class JdbcChatStore implements ChatStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcChatStore.class);
    private static final String LOBBY = Limits.LOBBY;

    private final HikariDataSource dataSource;

    private JdbcChatStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The default database: an H2 file under {@code dataDirectory}. WRITE_DELAY=0 makes every commit reach the
     * file before the call returns, so an acknowledged message survives the server being killed.
     */
    public static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("chatnow") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Connects, migrates the schema to the current version, and returns the store. */
    public static JdbcChatStore open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("chatnow-db");
        config.setAutoCommit(true);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database at " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            var result = Flyway.configure(JdbcChatStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("database schema migrated to version {}", result.targetSchemaVersion);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the database schema: " + rootMessage(e), e);
        }
        return new JdbcChatStore(dataSource);
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(String what, Work<T> work) {
        return withConnection(what, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private static boolean isDuplicateKey(SQLException e) {
        return e != null && e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static long lastSeq(Connection c, String conversation) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(seq) FROM messages WHERE conversation = ?")) {
            s.setString(1, conversation);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    @Override
    public Optional<Account> findAccount(String name) {
        return withConnection("reading account " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(
                "SELECT name, password_hash, is_admin, banned, created_at FROM accounts WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next()
                        ? Optional.of(new Account(r.getString(1), r.getString(2), r.getBoolean(3), r.getBoolean(4), r.getLong(5)))
                        : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean createAccount(String name, String passwordHash, boolean admin, long now) {
        try {
            return inTransaction("creating account " + name, c -> {
                update(c, "INSERT INTO accounts (name, password_hash, is_admin, banned, created_at) VALUES (?, ?, ?, FALSE, ?)",
                    name, passwordHash, admin, now);
                update(c, "INSERT INTO members (conversation, account, read_seq) VALUES (?, ?, ?)", LOBBY, name, lastSeq(c, LOBBY));
                return true;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean updatePassword(String name, String passwordHash) {
        return withConnection("changing the password of " + name,
            c -> update(c, "UPDATE accounts SET password_hash = ? WHERE name = ?", passwordHash, name) == 1);
    }

    @Override
    public boolean setBanned(String name, boolean banned) {
        return withConnection("banning " + name, c -> update(c, "UPDATE accounts SET banned = ? WHERE name = ?", banned, name) == 1);
    }

    @Override
    public void saveResumeToken(String tokenHash, String account, long expiresAt) {
        withConnection("saving a resume token", c -> update(c,
            "INSERT INTO resume_tokens (token_hash, account, expires_at) VALUES (?, ?, ?)", tokenHash, account, expiresAt));
    }

    @Override
    public Optional<String> resumeTokenAccount(String tokenHash, long now) {
        return withConnection("reading a resume token", c -> {
            try (PreparedStatement s = c.prepareStatement(
                "SELECT account FROM resume_tokens WHERE token_hash = ? AND expires_at > ?")) {
                bind(s, tokenHash, now);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Account> resumeTokenOwner(String tokenHash, long now) {
        return withConnection("reading a resume token", c -> {
            try (PreparedStatement s = c.prepareStatement(
                "SELECT a.name, a.password_hash, a.is_admin, a.banned, a.created_at FROM resume_tokens t "
                    + "JOIN accounts a ON a.name = t.account WHERE t.token_hash = ? AND t.expires_at > ?")) {
                bind(s, tokenHash, now);
                try (ResultSet r = s.executeQuery()) {
                    return r.next()
                        ? Optional.of(new Account(r.getString(1), r.getString(2), r.getBoolean(3), r.getBoolean(4), r.getLong(5)))
                        : Optional.empty();
                }
            }
        });
    }

    @Override
    public void deleteResumeToken(String tokenHash) {
        withConnection("deleting a resume token", c -> update(c, "DELETE FROM resume_tokens WHERE token_hash = ?", tokenHash));
    }

    @Override
    public void deleteResumeTokens(String account) {
        withConnection("deleting resume tokens", c -> update(c, "DELETE FROM resume_tokens WHERE account = ?", account));
    }

    @Override
    public long lastSeq(String conversation) {
        return withConnection("reading the last message of " + conversation, c -> lastSeq(c, conversation));
    }

    @Override
    public Optional<Long> insertMessage(StoredMessage m) {
        return withConnection("storing a message in " + m.conversation(), c -> {
            try {
                update(c, "INSERT INTO messages (conversation, seq, sender, client_id, sent_at, body) VALUES (?, ?, ?, ?, ?, ?)",
                    m.conversation(), m.seq(), m.sender(), m.clientId(), m.time(), m.text());
                return Optional.empty();
            } catch (SQLException e) {
                if (!isDuplicateKey(e) || m.clientId() == null) {
                    throw e;
                }
                try (PreparedStatement s = c.prepareStatement("SELECT seq, conversation FROM messages WHERE sender = ? AND client_id = ?")) {
                    bind(s, m.sender(), m.clientId());
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            if (!r.getString(2).equals(m.conversation())) {
                                throw new IllegalArgumentException("request id " + m.clientId() + " was used for another message; use a new id");
                            }
                            return Optional.of(r.getLong(1));
                        }
                    }
                }
                throw e;
            }
        });
    }

    private static final String INSERT_MESSAGE =
        "INSERT INTO messages (conversation, seq, sender, client_id, sent_at, body) VALUES (?, ?, ?, ?, ?, ?)";

    @Override
    public void insertMessages(List<StoredMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            inTransaction("storing " + messages.size() + " messages", c -> {
                try (PreparedStatement s = c.prepareStatement(INSERT_MESSAGE)) {
                    for (StoredMessage m : messages) {
                        bind(s, m.conversation(), m.seq(), m.sender(), m.clientId(), m.time(), m.text());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                advanceSendersRead(c, messages);
                return null;
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql && (isDuplicateKey(sql) || isDuplicateKey(sql.getNextException())))) {
                throw e;
            }
            // a client id used before: store one by one, without the ids that clash
            inTransaction("storing " + messages.size() + " messages one by one", c -> {
                for (StoredMessage m : messages) {
                    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM messages WHERE sender = ? AND client_id = ?")) {
                        bind(s, m.sender(), m.clientId());
                        boolean clash;
                        try (ResultSet r = s.executeQuery()) {
                            clash = m.clientId() != null && r.next();
                        }
                        update(c, INSERT_MESSAGE, m.conversation(), m.seq(), m.sender(), clash ? null : m.clientId(), m.time(), m.text());
                    }
                }
                advanceSendersRead(c, messages);
                return null;
            });
        }
    }

    /** Whoever writes a message has read the conversation up to it. */
    private static void advanceSendersRead(Connection c, List<StoredMessage> messages) throws SQLException {
        Map<String, StoredMessage> newest = new HashMap<>();
        for (StoredMessage m : messages) {
            newest.merge(m.conversation() + "\u0000" + m.sender(), m, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        try (PreparedStatement s = c.prepareStatement(
            "UPDATE members SET read_seq = ? WHERE conversation = ? AND account = ? AND read_seq < ?")) {
            for (StoredMessage m : newest.values()) {
                bind(s, m.seq(), m.conversation(), m.sender(), m.seq());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public Optional<StoredMessage> findByClientId(String sender, String clientId) {
        return withConnection("looking up request " + clientId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT conversation, seq, sender, client_id, sent_at, body FROM messages "
                + "WHERE sender = ? AND client_id = ?")) {
                bind(s, sender, clientId);
                return readMessages(s).stream().findFirst();
            }
        });
    }

    private static List<StoredMessage> readMessages(PreparedStatement s) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                messages.add(new StoredMessage(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getLong(5), r.getString(6)));
            }
        }
        return messages;
    }

    @Override
    public List<StoredMessage> messagesAfter(String conversation, long afterSeq, int limit) {
        return withConnection("reading " + conversation, c -> {
            // numbers are gap-free, so the page is an exact key range: the primary key index finds it directly
            try (PreparedStatement s = c.prepareStatement("SELECT conversation, seq, sender, client_id, sent_at, body FROM messages "
                + "WHERE conversation = ? AND seq > ? AND seq <= ? ORDER BY seq")) {
                bind(s, conversation, afterSeq, afterSeq + limit);
                return readMessages(s);
            }
        });
    }

    @Override
    public List<StoredMessage> messagesBefore(String conversation, long beforeSeq, int limit) {
        List<StoredMessage> newestFirst = withConnection("reading " + conversation, c -> {
            long upper = beforeSeq == Long.MAX_VALUE ? lastSeq(c, conversation) + 1 : beforeSeq;
            try (PreparedStatement s = c.prepareStatement("SELECT conversation, seq, sender, client_id, sent_at, body FROM messages "
                + "WHERE conversation = ? AND seq < ? AND seq >= ? ORDER BY seq DESC")) {
                bind(s, conversation, upper, upper - limit);
                return readMessages(s);
            }
        });
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public List<StoredMessage> searchMessages(String conversation, String query, long beforeSeq, int limit) {
        String pattern = "%" + query.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<StoredMessage> newestFirst = withConnection("searching " + conversation, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT conversation, seq, sender, client_id, sent_at, body FROM messages "
                + "WHERE conversation = ? AND seq < ? AND LOWER(body) LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?")) {
                bind(s, conversation, beforeSeq, pattern, limit);
                return readMessages(s);
            }
        });
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public List<Membership> memberships(String account) {
        return withConnection("reading the conversations of " + account, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT conversation, read_seq FROM members WHERE account = ? ORDER BY conversation")) {
                s.setString(1, account);
                List<Membership> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        result.add(new Membership(r.getString(1), r.getLong(2)));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public Set<String> members(String conversation) {
        return withConnection("reading the members of " + conversation, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT account FROM members WHERE conversation = ?")) {
                s.setString(1, conversation);
                Set<String> result = new HashSet<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        result.add(r.getString(1));
                    }
                }
                return result;
            }
        });
    }

    @Override
    public boolean isMember(String conversation, String account) {
        return withConnection("checking membership of " + conversation, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM members WHERE conversation = ? AND account = ?")) {
                bind(s, conversation, account);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    @Override
    public boolean addMember(String conversation, String account, long readSeq) {
        return withConnection("joining " + conversation, c -> {
            try {
                return update(c, "INSERT INTO members (conversation, account, read_seq) VALUES (?, ?, ?)", conversation, account, readSeq) == 1;
            } catch (SQLException e) {
                if (isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean removeMember(String conversation, String account) {
        return withConnection("leaving " + conversation,
            c -> update(c, "DELETE FROM members WHERE conversation = ? AND account = ?", conversation, account) == 1);
    }

    @Override
    public boolean advanceRead(String conversation, String account, long seq) {
        return withConnection("marking " + conversation + " read", c -> update(c,
            "UPDATE members SET read_seq = ? WHERE conversation = ? AND account = ? AND read_seq < ?", seq, conversation, account, seq) == 1);
    }

    @Override
    public Map<String, Long> readPositions(String conversation) {
        return withConnection("reading read positions of " + conversation, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT account, read_seq FROM members WHERE conversation = ?")) {
                s.setString(1, conversation);
                Map<String, Long> result = new HashMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        result.put(r.getString(1), r.getLong(2));
                    }
                }
                return result;
            }
        });
    }

    private static final String ROOM_COLUMNS = "SELECT r.name, r.topic, "
        + "(SELECT COUNT(*) FROM members m WHERE m.conversation = CONCAT('room:', r.name)) FROM rooms r";

    @Override
    public Optional<RoomRecord> findRoom(String name) {
        return withConnection("reading room " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(ROOM_COLUMNS + " WHERE r.name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new RoomRecord(r.getString(1), r.getString(2), r.getInt(3))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean createRoom(String name, String topic, String creator, long now) {
        try {
            return inTransaction("creating room " + name, c -> {
                update(c, "INSERT INTO rooms (name, topic, created_by, created_at) VALUES (?, ?, ?, ?)", name, topic, creator, now);
                update(c, "INSERT INTO members (conversation, account, read_seq) VALUES (?, ?, 0)", "room:" + name, creator);
                return true;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<RoomRecord> rooms() {
        return withConnection("listing rooms", c -> {
            try (PreparedStatement s = c.prepareStatement(ROOM_COLUMNS + " ORDER BY r.name")) {
                List<RoomRecord> result = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        result.add(new RoomRecord(r.getString(1), r.getString(2), r.getInt(3)));
                    }
                }
                return result;
            }
        });
    }

    private static final String FILE_COLUMNS = "SELECT name, size, sha256, uploader, uploaded_at FROM shared_files";

    private static List<SharedFileRecord> readFiles(PreparedStatement s) throws SQLException {
        List<SharedFileRecord> files = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                files.add(new SharedFileRecord(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getLong(5)));
            }
        }
        return files;
    }

    @Override
    public List<SharedFileRecord> sharedFiles() {
        return withConnection("listing the shared folder", c -> {
            try (PreparedStatement s = c.prepareStatement(FILE_COLUMNS + " ORDER BY name")) {
                return readFiles(s);
            }
        });
    }

    @Override
    public Optional<SharedFileRecord> findSharedFile(String name) {
        return withConnection("reading shared file " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(FILE_COLUMNS + " WHERE name = ?")) {
                s.setString(1, name);
                return readFiles(s).stream().findFirst();
            }
        });
    }

    @Override
    public boolean insertSharedFile(SharedFileRecord f) {
        return withConnection("recording shared file " + f.name(), c -> {
            try {
                return update(c, "INSERT INTO shared_files (name, size, sha256, uploader, uploaded_at) VALUES (?, ?, ?, ?, ?)",
                    f.name(), f.size(), f.sha256(), f.uploader(), f.uploadedAt()) == 1;
            } catch (SQLException e) {
                if (isDuplicateKey(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public boolean deleteSharedFile(String name) {
        return withConnection("deleting shared file " + name, c -> update(c, "DELETE FROM shared_files WHERE name = ?", name) == 1);
    }

    @Override
    public long sharedBytes(String uploader) {
        return withConnection("summing the files of " + uploader, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT (SELECT COALESCE(SUM(size), 0) FROM shared_files WHERE uploader = ?)"
                + " + (SELECT COALESCE(SUM(size), 0) FROM attachments WHERE uploader = ?)")) {
                s.setString(1, uploader);
                s.setString(2, uploader);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void insertAttachment(AttachmentRecord a) {
        withConnection("recording attachment " + a.id(), c -> update(c,
            "INSERT INTO attachments (id, conversation, name, size, sha256, uploader, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            a.id(), a.conversation(), a.name(), a.size(), a.sha256(), a.uploader(), a.uploadedAt()));
    }

    @Override
    public Optional<AttachmentRecord> findAttachment(String id) {
        return withConnection("reading attachment " + id, c -> {
            try (PreparedStatement s = c.prepareStatement(
                "SELECT id, conversation, name, size, sha256, uploader, uploaded_at FROM attachments WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new AttachmentRecord(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                        r.getString(5), r.getString(6), r.getLong(7))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
