/** Durable storage of accounts, rooms, memberships and messages, behind {@link org.chatnow.server.store.ChatStore}. */
package org.chatnow.server.store;
