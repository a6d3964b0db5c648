package dev.nat4j.core.lab;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One machine of the lab: a network namespace with its addresses, where commands and JVMs run.
 *
 * <pre>{@code
 * LabNode host = lab.lan("a").host();
 * LabProcess agent = host.java(MyAgentMain.class, "203.0.113.1:3478");   // same class path as the test
 * LabProcess probe = host.run(Duration.ofSeconds(10), "turnutils_stunclient", "203.0.113.1");
 * }</pre>
 */
public final class LabNode {
    private final NatLab lab;
    private final String name;
    private final String namespace;
    private volatile List<InetAddress> addresses;
    private volatile LabLink uplink;

    LabNode(NatLab lab, String name, String namespace) {
        this.lab = lab;
        this.name = name;
        this.namespace = namespace;
        this.addresses = List.of();
    }

    /** The lab-local name, e.g. {@code server}, {@code public}, {@code a-host}, {@code a-router}, {@code a-carrier}. */
    public String name() {
        return name;
    }

    /** The network namespace name, usable with {@code ip netns exec}. */
    public String namespace() {
        return namespace;
    }

    /**
     * The node's own addresses on its uplink, primary first: for the server its two public addresses, for a router
     * its WAN address, for a LAN host its private address.
     */
    public List<InetAddress> addresses() {
        return addresses;
    }

    /** The primary address. */
    public InetAddress address() {
        List<InetAddress> all = addresses;
        if (all.isEmpty()) {
            throw new IllegalStateException(name + " has no address");
        }
        return all.get(0);
    }

    /** The link towards the internet core (from a LAN host: to its router). */
    public LabLink uplink() {
        return uplink;
    }

    void addresses(List<InetAddress> addresses) {
        this.addresses = List.copyOf(addresses);
    }

    void uplink(LabLink uplink) {
        this.uplink = uplink;
    }

    /** Starts {@code command} in this namespace; the lab kills it on close if it still runs. */
    public LabProcess exec(String... command) {
        return lab.exec(namespace, command);
    }

    /** Starts {@code command} in this namespace; the lab kills it on close if it still runs. */
    public LabProcess exec(List<String> command) {
        return lab.exec(namespace, command.toArray(String[]::new));
    }

    /**
     * Runs {@code command} to completion.
     *
     * @return the finished process, for its {@code stdout()} and exit code ({@code waitFor} again returns at once)
     * @throws LabException if it does not finish within {@code timeout} (it is killed then)
     */
    public LabProcess run(Duration timeout, String... command) {
        LabProcess process = exec(command);
        process.waitFor(timeout);
        return process;
    }

    /**
     * Starts a JVM in this namespace running {@code mainClass} with the test JVM's own class path, so code under
     * test sends through the lab's kernel NATs. The launcher is the test JVM's own ({@code ProcessHandle} command,
     * else {@code java.home}); small-JVM options ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}) come
     * first, so options given to {@link #java(String, List, List)} override them (e.g. for a benchmark).
     */
    public LabProcess java(Class<?> mainClass, String... args) {
        return java(mainClass.getName(), List.of(), List.of(args));
    }

    /** Starts a JVM in this namespace with extra JVM options (e.g. {@code -Xmx64m}) before the main class. */
    public LabProcess java(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(JavaLauncher.javaExecutable());
        command.addAll(JavaLauncher.defaultOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return exec(command);
    }

    /** Sets a sysctl inside this namespace, e.g. {@code net.netfilter.nf_conntrack_udp_timeout} on a router. */
    public void sysctl(String key, String value) {
        Commands.check("ip", "netns", "exec", namespace, "sysctl", "-qw", key + "=" + value);
    }

    @Override
    public String toString() {
        return name + " (" + namespace + " " + addresses + ")";
    }
}
