// Follow mode: read a file as an application appends to it, the way `tail -F` does, and survive
// rotation by rename (logrotate's default), rotation by copy-truncate, and a path that does not
// exist yet or disappears for a while.
//
// How no line is lost or duplicated across a rename:
// - Every file ever opened at the path stays open, oldest first, until it is known to be done.
// - Reads always come from the oldest file that is not done. An application that rotates by
//   reopening may still write a few lines into the renamed file after the rename; those are read
//   before anything in the new file.
// - An old file is done when a newer one already holds data *and* the old one then reads EOF.
//   A writer that writes serially finished its last write into the old file before its first
//   write into the new one, so once the new one shows data (checked first), EOF on the old one
//   is final.
// Copy-truncate: when the current file is smaller than what was read from it, it was truncated;
// reading restarts at offset 0. (Lines the application writes between logrotate's copy and its
// truncate are lost for every reader, as logrotate's manual says; the follower re-reads nothing.)

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Options of a `Follower`.
public struct FollowOptions: Sendable {
    /// Start at the beginning of a file that already exists (default: start at its end, like
    /// `tail -f`). A file that appears after the follower started is always read from its start.
    public var fromStart: Bool = false
    /// Use inotify to wake up on changes (Linux). When false, or when inotify is unavailable, the
    /// follower polls every `pollInterval`.
    public var useInotify: Bool = true
    /// Poll interval without inotify.
    public var pollInterval: Duration = .milliseconds(25)
    /// With inotify, the follower still re-checks the path this often (a symlinked path, a
    /// directory that did not exist yet, a rotated file moved to another directory).
    public var recheckInterval: Duration = .milliseconds(250)
    /// At most this many files are kept open (the current one and rotated ones still draining).
    public var maxOpenFiles: Int = 4

    public init(fromStart: Bool = false, useInotify: Bool = true) {
        self.fromStart = fromStart
        self.useInotify = useInotify
    }
}

/// What one call to `Follower.next(into:timeout:)` produced.
public enum FollowEvent: Equatable, Sendable {
    /// This many bytes were read into the buffer.
    case data(Int)
    /// The follower moved on to another file (`.rotated`) or restarted a truncated one
    /// (`.truncated`). Everything read before belongs to the previous file: a partial last line
    /// there is complete and should be flushed now rather than joined with the next bytes.
    case switched(FollowSwitch)
    /// No data arrived within the timeout.
    case idle
    /// The stop signal was triggered. No more data will be read.
    case stopped
}

public enum FollowSwitch: Equatable, Sendable {
    case rotated
    case truncated
}

/// A read error on a followed file. Carries the path and errno, never file content.
public struct FollowError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let errno: Int32
    public let operation: String
    public var description: String {
        "redact: \(operation) failed on \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Follows one path. Not thread-safe: use it from one thread (the stop signal may be triggered
/// from any thread).
public final class Follower {
    public let path: String
    public let options: FollowOptions
    public let stop: StopSignal?

    /// Diagnostics for the operator (path and state only, never content): "waiting for PATH", ...
    public var onNotice: ((String) -> Void)?

    /// Number of new files seen at the path after the first one (renames, delete + create).
    public private(set) var rotations = 0
    /// Number of times the current file was found truncated and re-read from its start.
    public private(set) var truncations = 0
    /// Total bytes read from all files.
    public private(set) var bytesRead = 0

    private struct OpenFile {
        var fd: Int32
        var dev: UInt64
        var ino: UInt64
        var offset: Int
        var watch: Int32  // inotify watch descriptor on the file, or -1
    }

    private var files: [OpenFile] = []  // oldest first; the last is the current file
    private var firstOpen = true
    private var inotifyFD: Int32 = -1
    private var dirWatch: Int32 = -1
    private var waitingNoticeGiven = false
    private let directory: String
    private var closed = false
    private var eventBuffer = [UInt8](repeating: 0, count: 4096)

    public init(path: String, options: FollowOptions = FollowOptions(), stop: StopSignal? = nil,
                onNotice: ((String) -> Void)? = nil) {
        self.path = path
        self.options = options
        self.stop = stop
        self.onNotice = onNotice
        if let slash = path.lastIndex(of: "/") {
            let d = String(path[..<slash])
            directory = d.isEmpty ? "/" : d
        } else {
            directory = "."
        }
        #if os(Linux)
        if options.useInotify {
            inotifyFD = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            addDirectoryWatch()
        }
        #endif
        _ = openPath()
        // Only a file that exists when following starts is skipped to its end; one that appears
        // later is new, and read from its start.
        firstOpen = false
    }

    deinit { close() }

    /// Closes every file and the inotify descriptor. Further reads return `.stopped` / 0.
    public func close() {
        guard !closed else { return }
        closed = true
        for f in files { Sys.close(f.fd) }
        files.removeAll()
        if inotifyFD >= 0 { Sys.close(inotifyFD) }
        inotifyFD = -1
    }

    /// True while the path has never been opened (it did not exist yet).
    public var isWaitingForFile: Bool { files.isEmpty }

    /// Bytes present in the followed file(s) but not yet read: the backlog an operator watches.
    public var lagBytes: Int {
        var lag = 0
        for f in files {
            var st = stat()
            if fstat(f.fd, &st) == 0 {
                lag += max(0, Int(st.st_size) - f.offset)
            }
        }
        return lag
    }

    // MARK: Reading

    /// Blocking read for a plain byte source: returns the number of bytes read, waiting as long
    /// as needed; 0 means the stop signal was triggered (end of input). File switches are
    /// transparent here; use `next(into:timeout:)` to see them.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            switch try next(into: buffer, timeout: .seconds(3600)) {
            case .data(let n): return n
            case .stopped: return 0
            case .idle, .switched: continue
            }
        }
    }

    /// Reads what is available, waiting up to `timeout` for something to happen. Returns at once
    /// with `.data` when bytes are available, `.switched` at a file boundary, `.stopped` once the
    /// stop signal is set, `.idle` after `timeout` without data (`.zero` never waits).
    public func next(into buffer: UnsafeMutableRawBufferPointer, timeout: Duration) throws -> FollowEvent {
        precondition(buffer.count > 0, "Follower.next needs a non-empty buffer")
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if closed || stop?.isSet == true { return .stopped }
            drainInotify()
            if let event = try attempt(buffer) { return event }
            let now = clock.now
            if now >= deadline { return .idle }
            let tick = inotifyFD >= 0 && dirWatch >= 0 ? options.recheckInterval : options.pollInterval
            let wait = min(deadline - now, tick)
            waitForChange(wait)
        }
    }

    /// One pass over the open files and the path, without waiting. nil: nothing to report.
    private func attempt(_ buffer: UnsafeMutableRawBufferPointer) throws -> FollowEvent? {
        while true {
            if files.isEmpty {
                if openPath() { continue }
                return nil
            }
            if files.count > 1 {
                // Check the newer files *before* reading the oldest one (see the file comment).
                let newerHasData = files.dropFirst().contains { unreadBytes($0) > 0 }
                let n = try readFile(0, buffer)
                if n > 0 { return .data(n) }
                if newerHasData {
                    closeFile(at: 0)
                    return .switched(.rotated)
                }
            } else {
                let n = try readFile(0, buffer)
                if n > 0 { return .data(n) }
                if isTruncated(files[0]) {
                    _ = lseek(files[0].fd, 0, SEEK_SET)
                    files[0].offset = 0
                    truncations += 1
                    onNotice?("redact: \(path) was truncated; reading it from the start")
                    return .switched(.truncated)
                }
            }
            // Every open file is at its end: has a new file appeared at the path?
            if pathChanged() {
                if openPath() {
                    rotations += 1
                    if files.count > options.maxOpenFiles {
                        // Far more rotations than writes: the oldest file is at EOF; let it go.
                        closeFile(at: 0)
                        return .switched(.rotated)
                    }
                    continue
                }
            }
            return nil
        }
    }

    private func readFile(_ index: Int, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            let n = Sys.read(files[index].fd, into: buffer)
            if n >= 0 {
                files[index].offset += n
                bytesRead += n
                return n
            }
            let e = Int32(-n)
            if e == EAGAIN || e == EWOULDBLOCK { return 0 }
            throw FollowError(path: path, errno: e, operation: "read")
        }
    }

    private func unreadBytes(_ f: OpenFile) -> Int {
        var st = stat()
        guard fstat(f.fd, &st) == 0 else { return 0 }
        return Int(st.st_size) - f.offset
    }

    private func isTruncated(_ f: OpenFile) -> Bool {
        var st = stat()
        guard fstat(f.fd, &st) == 0 else { return false }
        // Only regular files have a meaningful size.
        guard (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return Int(st.st_size) < f.offset
    }

    /// True when the path now names a file other than the current one (and it exists).
    private func pathChanged() -> Bool {
        guard let current = files.last else { return true }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return UInt64(st.st_dev) != current.dev || UInt64(st.st_ino) != current.ino
    }

    /// Opens the path and appends it as the current file. False if it cannot be opened now.
    private func openPath() -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let e = errno
            if !waitingNoticeGiven {
                waitingNoticeGiven = true
                if e == ENOENT {
                    onNotice?("redact: \(path) does not exist yet; waiting for it")
                } else {
                    onNotice?("redact: cannot open \(path): \(String(cString: strerror(e))); retrying")
                }
            }
            return false
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            Sys.close(fd)
            return false
        }
        // The file we opened may already differ from the one stat(path) saw: identity is fstat's.
        if let current = files.last, UInt64(st.st_dev) == current.dev, UInt64(st.st_ino) == current.ino {
            Sys.close(fd)
            return false
        }
        var offset = 0
        if firstOpen && !options.fromStart && (st.st_mode & S_IFMT) == S_IFREG {
            offset = Int(st.st_size)
            _ = lseek(fd, off_t(offset), SEEK_SET)
        }
        firstOpen = false
        if waitingNoticeGiven {
            waitingNoticeGiven = false
            onNotice?("redact: following \(path)")
        }
        var wd: Int32 = -1
        #if os(Linux)
        if inotifyFD >= 0 {
            wd = inotify_add_watch(inotifyFD, path, UInt32(IN_MODIFY))
            if dirWatch < 0 { addDirectoryWatch() }
        }
        #endif
        files.append(OpenFile(fd: fd, dev: UInt64(st.st_dev), ino: UInt64(st.st_ino), offset: offset, watch: wd))
        return true
    }

    private func closeFile(at index: Int) {
        let f = files.remove(at: index)
        #if os(Linux)
        // Another open file may share the watch descriptor (same inode watched twice).
        if inotifyFD >= 0, f.watch >= 0, !files.contains(where: { $0.watch == f.watch }) {
            _ = inotify_rm_watch(inotifyFD, f.watch)
        }
        #endif
        Sys.close(f.fd)
    }

    // MARK: Waiting

    private func addDirectoryWatch() {
        #if os(Linux)
        guard inotifyFD >= 0 else { return }
        let mask = IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE
        dirWatch = inotify_add_watch(inotifyFD, directory, UInt32(mask))
        #endif
    }

    /// Discards pending inotify events: they only mean "look again", which the caller does next.
    private func drainInotify() {
        guard inotifyFD >= 0 else { return }
        while true {
            let n = eventBuffer.withUnsafeMutableBytes { Sys.read(inotifyFD, into: $0) }
            if n > 0 { continue }
            return
        }
    }

    private func waitForChange(_ wait: Duration) {
        var fds: [pollfd] = []
        if inotifyFD >= 0 { fds.append(pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0)) }
        if let stop { fds.append(pollfd(fd: stop.pollFD, events: Int16(POLLIN), revents: 0)) }
        let ms = sidecarPollMilliseconds(wait)
        if fds.isEmpty {
            usleep(UInt32(ms) * 1000)
            return
        }
        _ = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), ms) }
        if inotifyFD >= 0 && dirWatch < 0 { addDirectoryWatch() }
    }
}
