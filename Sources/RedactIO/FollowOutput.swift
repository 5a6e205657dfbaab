// Where follow mode writes: stdout, or a file that SIGHUP reopens (rotation of the output).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A destination for redacted bytes, driven by `FollowRunner`.
public protocol SidecarSink: AnyObject {
    /// Writes all of `bytes` (or throws).
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Pushes anything buffered downstream now (input is idle). No-op for a plain descriptor.
    func flush() throws
    /// Reopens the destination (SIGHUP). No-op when writing to an inherited descriptor.
    func reopen() throws
    /// Flushes and closes (end of run).
    func close() throws
}

/// Errors writing the output: the destination and errno, never content.
public struct SidecarOutputError: Error, CustomStringConvertible, Equatable {
    public let destination: String
    public let errno: Int32
    public let operation: String
    public init(destination: String, errno: Int32, operation: String) {
        self.destination = destination
        self.errno = errno
        self.operation = operation
    }
    /// The reader went away (EPIPE): the CLI exits with its broken-pipe code, without a trace.
    public var isBrokenPipe: Bool { errno == EPIPE }
    public var description: String {
        "redact: \(operation) \(destination) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Writes to a file descriptor: stdout, or a file opened with `O_APPEND | O_CREAT` that `reopen()`
/// closes and opens again by path (after logrotate renamed it and sent SIGHUP).
public final class FileDescriptorSink: SidecarSink {
    public let path: String?
    private var fd: Int32
    private let ownsDescriptor: Bool

    /// Writes to an inherited descriptor (default: stdout). `reopen()` does nothing.
    public init(fd: Int32 = 1) {
        self.fd = fd
        path = nil
        ownsDescriptor = false
    }

    /// Opens (creating, mode 0644, appending) `path`.
    public init(path: String) throws {
        self.path = path
        ownsDescriptor = true
        fd = -1
        fd = try FileDescriptorSink.open(path)
    }

    private static func open(_ path: String) throws -> Int32 {
        while true {
            #if canImport(Glibc)
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            #elseif canImport(Musl)
            let fd = Musl.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            #else
            let fd = Darwin.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            #endif
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw SidecarOutputError(destination: path, errno: errno, operation: "open")
        }
    }

    private var destination: String { path ?? (fd == 1 ? "stdout" : "fd \(fd)") }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = sidecarWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                if e == EAGAIN || e == EWOULDBLOCK {
                    // A non-blocking stdout inherited from the parent: wait until writable.
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, 100)
                    continue
                }
                throw SidecarOutputError(destination: destination, errno: e, operation: "write to")
            }
            done += n
        }
    }

    public func flush() throws {}

    public func reopen() throws {
        guard ownsDescriptor, let path else { return }
        let newFD = try FileDescriptorSink.open(path)
        _ = sidecarClose(fd)
        fd = newFD
    }

    public func close() throws {
        guard ownsDescriptor, fd >= 0 else { return }
        let rc = sidecarClose(fd)
        fd = -1
        if rc != 0 && errno != EINTR {
            throw SidecarOutputError(destination: destination, errno: errno, operation: "close")
        }
    }

    deinit {
        if ownsDescriptor && fd >= 0 { _ = sidecarClose(fd) }
    }
}
