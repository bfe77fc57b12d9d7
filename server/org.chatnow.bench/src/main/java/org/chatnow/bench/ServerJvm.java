package org.chatnow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/** The memory beans of the server's JVM: this JVM's, or a server process's through the attach API and local JMX. */
final class ServerJvm implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> heapPools;

    private ServerJvm(JMXConnector connector, MemoryMXBean memory, List<MemoryPoolMXBean> pools) {
        this.connector = connector;
        this.memory = memory;
        this.heapPools = pools.stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    static ServerJvm local() {
        return new ServerJvm(null, ManagementFactory.getMemoryMXBean(), ManagementFactory.getMemoryPoolMXBeans());
    }

    static ServerJvm attach(long pid) throws IOException {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String url;
            try {
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
            List<MemoryPoolMXBean> pools = connection.queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"),
                null).stream().map(name -> {
                    try {
                        return ManagementFactory.newPlatformMXBeanProxy(connection, name.toString(), MemoryPoolMXBean.class);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
            return new ServerJvm(connector, memory, pools);
        } catch (Exception e) {
            throw new IOException("cannot attach to the server process " + pid + ": " + e, e);
        }
    }

    long heapUsed() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    long heapCommitted() {
        return memory.getHeapMemoryUsage().getCommitted();
    }

    /** Heap in use after two full collections. */
    long heapAfterGc() {
        memory.gc();
        memory.gc();
        return heapUsed();
    }

    void resetPeaks() {
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** Sum of the heap pools' peak use since the last reset: an upper bound of the peak heap. */
    long peakHeapPoolsSum() {
        return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    @Override
    public void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException e) {
                // the server may be gone already
            }
        }
    }
}
