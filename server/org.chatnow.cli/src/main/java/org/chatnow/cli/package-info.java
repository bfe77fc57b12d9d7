/**
 * The ChatNow command-line client and admin tool ({@code ./chatnow cli}): picocli commands on top of the client API
 * ({@link org.chatnow.client.ChatClient}); {@link org.chatnow.cli.Main} is the entry point.
 */
package org.chatnow.cli;
