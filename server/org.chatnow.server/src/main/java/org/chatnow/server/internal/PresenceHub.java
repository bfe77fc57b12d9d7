package org.chatnow.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.mina.EncodedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, and telling the sessions about it.
 * <p>
 * Changes are collected and sent in batches by one thread: each session receives one write per batch, holding the
 * {@code presence} frames of everything that changed since the last one (encoded once and shared), so a storm of
 * logins costs one write per session per batch instead of one per login.
 * <p>
 * While at most {@code fullListLimit} users are online every session gets the whole list and every change. Above it
 * (a list nobody reads, and n logins costing n² deliveries) the server switches to <em>partial</em> presence: each
 * session gets the users it has private conversations with, plus the number of users online (refreshed every
 * {@link #COUNT_REFRESH_MILLIS} while it changes); it switches back when the number falls to three quarters of the
 * limit. A switch sends every session a new {@code users} list.
 * <p>
 * The order a session sees is always consistent: its {@code users} list reflects every change before the batches it
 * receives afterwards. A session never hears about its own changes.
 */
final class PresenceHub implements AutoCloseable {
    /** How long the thread waits after the first change of a batch for more to join it. */
    static final long BATCH_DELAY_MILLIS = 20;
    /** How often, at most, sessions in partial mode are sent the changed number of users online. */
    static final long COUNT_REFRESH_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceHub.class);

    /** A change of {@code user}'s status. */
    private record Change(String user, String status) {
    }

    /** A logged-in session: whose it is, whom it watches in partial mode, and where in the pending changes it joined. */
    private static final class Subscriber {
        final String user;
        final Set<String> contacts;
        int joinedAt;

        Subscriber(String user, Set<String> contacts, int joinedAt) {
            this.user = user;
            this.contacts = contacts;
            this.joinedAt = joinedAt;
        }
    }

    private final int fullListLimit;
    private final BiConsumer<IoSession, Object> writer;
    private final Thread thread;

    // guarded by this
    private final TreeMap<String, String> status = new TreeMap<>(Limits.USER_ORDER);
    private final Map<IoSession, Subscriber> subscribers = new IdentityHashMap<>();
    /** Partial mode: the sessions watching each user. */
    private final Map<String, Set<IoSession>> watchers = new HashMap<>();
    private List<Change> pending = new ArrayList<>();
    /** Partial mode: sessions whose contacts changed, to be sent their list again. */
    private Set<IoSession> relist = new HashSet<>();
    private boolean partial;
    private int countSent;
    private long countSentAt;
    private boolean countDirty;
    private boolean closed;

    PresenceHub(int fullListLimit, BiConsumer<IoSession, Object> writer) {
        this.fullListLimit = fullListLimit;
        this.writer = writer;
        this.thread = new Thread(this::run, "chatnow-presence");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * {@code session} of {@code user} is logged in (replacing {@code replaced}, if any): writes its {@code users} list
     * to it and tells the others. {@code contacts} are the users it has private conversations with.
     */
    synchronized void join(IoSession session, String user, Collection<String> contacts, IoSession replaced) {
        if (replaced != null) {
            remove(replaced);
        }
        String before = status.put(user, Frame.Presence.ONLINE);
        if (!Frame.Presence.ONLINE.equals(before)) {
            changed(new Change(user, Frame.Presence.ONLINE));
        }
        Subscriber subscriber = new Subscriber(user, new HashSet<>(contacts), pending.size());
        subscribers.put(session, subscriber);
        // the list of the mode the server is in once this login counts (a switch in the next batch only repeats it)
        boolean partialNow = wantPartial();
        if (partial && partialNow) {
            watch(session, subscriber.contacts);
        }
        writer.accept(session, partialNow ? partialList(subscriber) : fullList());
        notifyAll();
    }

    /** {@code user} (of {@code session}) set their status to online or away. */
    synchronized void status(IoSession session, String user, String value) {
        Subscriber subscriber = subscribers.get(session);
        if (subscriber == null || !subscriber.user.equals(user) || value.equals(status.get(user))) {
            return;
        }
        status.put(user, value);
        changed(new Change(user, value));
        notifyAll();
    }

    /** {@code session} of {@code user} ended and nobody took it over: {@code user} is offline. */
    synchronized void leave(IoSession session, String user) {
        remove(session);
        if (status.remove(user) != null) {
            changed(new Change(user, Frame.Presence.OFFLINE));
        }
        notifyAll();
    }

    /**
     * {@code a} and {@code b} started a private conversation: in partial mode they now watch each other, and each is
     * sent its list again.
     */
    synchronized void contacts(String a, IoSession sessionOfA, String b, IoSession sessionOfB) {
        introduce(sessionOfA, b);
        introduce(sessionOfB, a);
        notifyAll();
    }

    private void introduce(IoSession session, String other) {
        Subscriber subscriber = session == null ? null : subscribers.get(session);
        if (subscriber == null || !subscriber.contacts.add(other) || !partial) {
            return;
        }
        watchers.computeIfAbsent(other, u -> new HashSet<>()).add(session);
        relist.add(session);
    }

    /** How many users are online. */
    synchronized int online() {
        return status.size();
    }

    private void changed(Change change) {
        pending.add(change);
        countDirty = true;
    }

    private void remove(IoSession session) {
        Subscriber subscriber = subscribers.remove(session);
        if (subscriber != null && partial) {
            unwatch(session, subscriber.contacts);
        }
    }

    private void watch(IoSession session, Set<String> users) {
        for (String user : users) {
            watchers.computeIfAbsent(user, u -> new HashSet<>()).add(session);
        }
    }

    private void unwatch(IoSession session, Set<String> users) {
        for (String user : users) {
            Set<IoSession> set = watchers.get(user);
            if (set != null && set.remove(session) && set.isEmpty()) {
                watchers.remove(user);
            }
        }
    }

    private boolean wantPartial() {
        return partial ? status.size() > fullListLimit * 3 / 4 : status.size() > fullListLimit;
    }

    private Frame.Users fullList() {
        List<Frame.UserStatus> users = new ArrayList<>(status.size());
        status.forEach((user, value) -> users.add(new Frame.UserStatus(user, value)));
        return new Frame.Users(users, status.size(), false);
    }

    private Frame.Users partialList(Subscriber subscriber) {
        List<Frame.UserStatus> users = new ArrayList<>();
        String own = status.get(subscriber.user);
        if (own != null) {
            users.add(new Frame.UserStatus(subscriber.user, own));
        }
        for (String contact : subscriber.contacts) {
            String value = status.get(contact);
            if (value != null && !contact.equals(subscriber.user)) {
                users.add(new Frame.UserStatus(contact, value));
            }
        }
        users.sort((x, y) -> Limits.USER_ORDER.compare(x.user(), y.user()));
        return new Frame.Users(users, status.size(), true);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                synchronized (this) {
                    while (!closed && pending.isEmpty() && relist.isEmpty() && !countRefreshDue() && partial == wantPartial()) {
                        if (partial && countDirty) {
                            wait(Math.max(1, countSentAt + COUNT_REFRESH_MILLIS - System.currentTimeMillis()));
                        } else {
                            wait();
                        }
                    }
                    if (closed) {
                        return;
                    }
                }
                Thread.sleep(BATCH_DELAY_MILLIS);
                try {
                    flush();
                } catch (RuntimeException e) {
                    LOG.error("could not send presence changes", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean countRefreshDue() {
        return partial && countDirty && status.size() != countSent
            && System.currentTimeMillis() - countSentAt >= COUNT_REFRESH_MILLIS;
    }

    /** Sends what changed since the last batch; the writes happen outside the lock, in the order they were decided. */
    private void flush() {
        List<Map.Entry<IoSession, Object>> out = new ArrayList<>();
        synchronized (this) {
            List<Change> batch = pending;
            pending = new ArrayList<>();
            Set<IoSession> listAgain = relist;
            relist = new HashSet<>();
            if (partial != wantPartial()) {
                partial = !partial;
                LOG.info("{} users online: {} presence", status.size(), partial ? "partial" : "full");
                watchers.clear();
                Frame.Users full = partial ? null : fullList();
                EncodedFrame shared = full == null ? null : EncodedFrame.of(full, Integer.MAX_VALUE);
                subscribers.forEach((session, subscriber) -> {
                    if (partial) {
                        watch(session, subscriber.contacts);
                        out.add(Map.entry(session, partialList(subscriber)));
                    } else {
                        out.add(Map.entry(session, shared));
                    }
                });
                markCountSent();
            } else if (partial) {
                partialBatch(batch, listAgain, out);
            } else {
                fullBatch(batch, out);
            }
            for (Subscriber subscriber : subscribers.values()) {
                subscriber.joinedAt = 0;
            }
        }
        for (Map.Entry<IoSession, Object> write : out) {
            writer.accept(write.getKey(), write.getValue());
        }
    }

    private void markCountSent() {
        countSent = status.size();
        countSentAt = System.currentTimeMillis();
        countDirty = false;
    }

    /** Full mode: everyone gets every change but their own and those from before they joined. */
    private void fullBatch(List<Change> batch, List<Map.Entry<IoSession, Object>> out) {
        if (batch.isEmpty()) {
            return;
        }
        EncodedFrame[] encoded = new EncodedFrame[batch.size()];
        Set<String> changedUsers = new HashSet<>();
        for (int i = 0; i < encoded.length; i++) {
            Change change = batch.get(i);
            encoded[i] = EncodedFrame.of(new Frame.Presence(change.user(), change.status()), Integer.MAX_VALUE);
            changedUsers.add(change.user());
        }
        EncodedFrame everything = null;
        for (Map.Entry<IoSession, Subscriber> entry : subscribers.entrySet()) {
            Subscriber subscriber = entry.getValue();
            IoSession session = entry.getKey();
            if (subscriber.joinedAt == 0 && !changedUsers.contains(subscriber.user)) {
                if (everything == null) {
                    everything = EncodedFrame.concat(List.of(encoded));
                }
                out.add(Map.entry(session, everything));
                continue;
            }
            List<EncodedFrame> own = new ArrayList<>();
            for (int i = subscriber.joinedAt; i < encoded.length; i++) {
                if (!batch.get(i).user().equals(subscriber.user)) {
                    own.add(encoded[i]);
                }
            }
            if (!own.isEmpty()) {
                out.add(Map.entry(session, EncodedFrame.concat(own)));
            }
        }
    }

    /**
     * Partial mode: each session gets the changes of the users it watches; those whose contacts changed, and now and
     * then everyone (for the number online), get their list again instead.
     */
    private void partialBatch(List<Change> batch, Set<IoSession> listAgain, List<Map.Entry<IoSession, Object>> out) {
        boolean everyone = countRefreshDue();
        if (everyone) {
            markCountSent();
        }
        Map<IoSession, List<EncodedFrame>> bySession = new IdentityHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Change change = batch.get(i);
            EncodedFrame frame = null;
            for (IoSession session : watchers.getOrDefault(change.user(), Set.of())) {
                Subscriber subscriber = subscribers.get(session);
                if (subscriber != null && i >= subscriber.joinedAt && !everyone && !listAgain.contains(session)) {
                    if (frame == null) {
                        frame = EncodedFrame.of(new Frame.Presence(change.user(), change.status()), Integer.MAX_VALUE);
                    }
                    bySession.computeIfAbsent(session, x -> new ArrayList<>()).add(frame);
                }
            }
        }
        bySession.forEach((session, frames) -> out.add(Map.entry(session, EncodedFrame.concat(frames))));
        subscribers.forEach((session, subscriber) -> {
            if (everyone || listAgain.contains(session)) {
                out.add(Map.entry(session, partialList(subscriber)));
            }
        });
    }
}
