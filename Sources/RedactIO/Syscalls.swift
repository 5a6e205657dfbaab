// Every system call RedactIO makes, in one place: retried on EINTR, typed errors that say which
// file and which operation failed, never what the data was.

import CMalloc
import Glibc

/// What a file descriptor is used for, so an error message can say so without naming data.
public enum FileRole: String, Sendable {
    case input
    case output
}

/// A failed system call: the operation, the `errno`, the role and the path of the file.
/// An open struct (like swift-system's `Errno`): callers switch on `code`, print `description`.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case open, read, write, close, stat
    }
    public var operation: Operation
    /// The `errno` value.
    public var code: Int32
    public var role: FileRole
    /// The path as given on the command line, or `<stdin>` / `<stdout>`.
    public var path: String

    public init(_ operation: Operation, code: Int32, role: FileRole, path: String) {
        self.operation = operation
        self.code = code
        self.role = role
        self.path = path
    }

    public var isBrokenPipe: Bool { code == EPIPE }

    /// The C library's text for `code` (no data from the file).
    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        switch operation {
        case .open: return "\(path): \(reason)"
        default: return "\(path): \(operation.rawValue) error: \(reason)"
        }
    }
}

/// Thin, EINTR-safe wrappers over the system calls RedactIO needs.
public enum Sys {
    /// `read(2)`, retried on EINTR unless `interrupted()` says to stop (then returns 0, as at
    /// end of input). Returns the byte count, 0 at end of file, or minus the `errno` of the failure.
    @inline(__always)
    public static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer,
        interrupted: (() -> Bool)? = nil
    ) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = readSyscall(fd, base, buffer.count)
            if n >= 0 { return n }
            let e = errno
            if e == EINTR {
                if let interrupted, interrupted() { return 0 }
                continue
            }
            return -Int(e)
        }
    }

    /// `write(2)` until every byte is written (retried on EINTR and short writes).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = writeSyscall(fd, p, left)
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                if e == EAGAIN || e == EWOULDBLOCK {
                    // A non-blocking descriptor we inherited: wait until it can take more.
                    var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&pfd, 1, -1) as Int32
                    continue
                }
                return e
            }
            p += n
            left -= n
        }
        return nil
    }

    /// Opens `path` for reading. A directory is refused here (EISDIR) rather than at the first read.
    public static func openForReading(_ path: String) -> Result<Int32, IOError> {
        while true {
            let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
            if fd >= 0 {
                if isDirectory(fd) {
                    close(fd)
                    return .failure(IOError(.open, code: EISDIR, role: .input, path: path))
                }
                return .success(fd)
            }
            let e = errno
            if e == EINTR { continue }
            return .failure(IOError(.open, code: e, role: .input, path: path))
        }
    }

    /// Opens (creates or truncates) `path` for writing, mode 0666 less the umask.
    public static func openForWriting(_ path: String, append: Bool = false) -> Result<Int32, IOError> {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        while true {
            let fd = path.withCString { open($0, flags, 0o666) }
            if fd >= 0 { return .success(fd) }
            let e = errno
            if e == EINTR { continue }
            return .failure(IOError(.open, code: e, role: .output, path: path))
        }
    }

    public static func close(_ fd: Int32) {
        _ = closeSyscall(fd)  // never retried on Linux: the descriptor is gone either way
    }

    /// `close(2)` of a file just written, whose failure (a deferred write error) matters: 0 or -1
    /// with `errno` set. Not retried, as above.
    public static func closeReportingError(_ fd: Int32) -> Int32 { closeSyscall(fd) }

    /// True when a read on `fd` would not block right now (data, end of file or an error ready).
    public static func isReadable(_ fd: Int32, timeoutMilliseconds: Int32 = 0) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let r = poll(&pfd, 1, timeoutMilliseconds)
            if r < 0 && errno == EINTR { return false }
            if r < 0 { return true }  // let the read report the error
            return r > 0
        }
    }

    public static func fileType(_ fd: Int32) -> mode_t? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return st.st_mode & S_IFMT
    }

    public static func isDirectory(_ fd: Int32) -> Bool { fileType(fd) == S_IFDIR }
    public static func isPipe(_ fd: Int32) -> Bool { fileType(fd) == S_IFIFO }
    public static func isRegularFile(_ fd: Int32) -> Bool { fileType(fd) == S_IFREG }

    /// Size of a regular file, or nil.
    public static func fileSize(_ fd: Int32) -> Int? {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// Asks the kernel for a bigger pipe buffer (F_SETPIPE_SZ) when `fd` is a pipe, so a fast
    /// producer and consumer trade megabytes per system call. Failure is harmless and ignored.
    public static func enlargePipe(_ fd: Int32, to size: Int32 = 1 << 20) {
        guard isPipe(fd) else { return }
        let F_SETPIPE_SZ: Int32 = 1031  // F_LINUX_SPECIFIC_BASE + 7
        _ = fcntl(fd, F_SETPIPE_SZ, size)
    }

    /// Makes writes to a closed pipe fail with EPIPE instead of killing the process.
    public static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Serves allocations of 256 KiB and more from their own mappings, given back to the system
    /// when freed. glibc's default raises that threshold to the size of each such block freed, so
    /// that the buffers which grow on long lines (a chunk's output, a line's edits) came from
    /// the heap afterwards and stayed resident: 1 MB lines of SSNs peaked 4.5 MiB higher.
    /// For a process, not a library: the CLI calls it at start.
    public static func returnLargeAllocations() {
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 10)
    }

    /// Gives the whole pages of `buffer[from..<to]` back to the system; the bytes there read as
    /// zeros afterwards. For buffers allocated once and kept, whose far end only long lines reach.
    public static func discardPages(_ buffer: UnsafeMutableRawBufferPointer, from: Int, to: Int) {
        guard let base = buffer.baseAddress, from < to, to <= buffer.count else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + from + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + to) & ~(page - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED) }
    }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Monotonic time in nanoseconds.
    public static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Number of processors this process may run on.
    public static func processorCount() -> Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }
}

// Module-qualified names, so they do not collide with the `Sys` members above.
@inline(__always) private func readSyscall(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int {
    Glibc.read(fd, p, n)
}
@inline(__always) private func writeSyscall(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    Glibc.write(fd, p, n)
}
@inline(__always) private func closeSyscall(_ fd: Int32) -> Int32 { Glibc.close(fd) }
