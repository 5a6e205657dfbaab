// Signals for a long-running filter: SIGTERM/SIGINT ask for a clean stop (drain, flush, exit 0),
// SIGHUP asks for the output file to be reopened (rotation of the output).
//
// No work happens in a signal handler: the handler writes the signal number into a non-blocking
// self-pipe and returns. A dedicated watcher thread reads that pipe and turns each byte into
// state (`StopSignal`, a reopen generation counter) that ordinary code can poll or wait on.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - A small lock (no Foundation, no availability constraints)

/// A value protected by a pthread mutex. Used for the few flags shared between the signal watcher
/// thread and the thread that runs the pipeline.
final class SidecarLocked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

// MARK: - StopSignal

/// A one-shot latch: once triggered it stays triggered. Thread-safe. Besides `isSet`, it offers a
/// file descriptor that becomes (and stays) readable when the latch is triggered, so a thread
/// blocked in `poll(2)` on its input can include it and wake up at once.
public final class StopSignal: @unchecked Sendable {
    private let readFD: Int32
    private let writeFD: Int32
    private let state = SidecarLocked<(set: Bool, reason: Int32?)>((false, nil))

    public init() {
        var fds: [Int32] = [-1, -1]
        let rc = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
        precondition(rc == 0, "redact: cannot create a pipe (errno \(errno))")
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// True once `trigger` has been called.
    public var isSet: Bool { state.withLock { $0.set } }

    /// The signal number that triggered the stop, if it was a signal.
    public var reason: Int32? { state.withLock { $0.reason } }

    /// Readable once the latch is triggered; never drained. For `poll(2)` with `POLLIN`.
    public var pollFD: Int32 { readFD }

    /// Triggers the latch (idempotent). `reason` is the signal number, if any.
    public func trigger(reason: Int32? = nil) {
        let first = state.withLock { s -> Bool in
            if s.set { return false }
            s.set = true
            s.reason = reason
            return true
        }
        if first {
            var byte: UInt8 = 1
            _ = write(writeFD, &byte, 1)
        }
    }

    /// Blocks until triggered or until `timeout` passes. Returns `isSet`.
    @discardableResult
    public func wait(timeout: Duration) -> Bool {
        var pfd = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&pfd, 1, sidecarPollMilliseconds(timeout))
        return isSet
    }
}

/// `Duration` → milliseconds for `poll(2)`, rounded up so a short wait is not a busy loop.
/// Negative durations give 0; very long ones are capped at one hour.
func sidecarPollMilliseconds(_ d: Duration) -> Int32 {
    let (seconds, attoseconds) = d.components
    if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
    if seconds >= 3600 { return 3_600_000 }
    let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(ms)
}

// MARK: - Signal handler plumbing

/// Write end of the self-pipe, read by the handler. Set before any handler is installed and reset
/// only after handlers are restored, so the handler never sees a half-initialised value.
nonisolated(unsafe) private var sidecarSignalPipeWriteFD: Int32 = -1

/// The only code that runs in signal context: save errno, write one byte, restore errno.
private let sidecarSignalHandler: @convention(c) (Int32) -> Void = { signo in
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: signo)
    _ = write(sidecarSignalPipeWriteFD, &byte, 1)
    errno = saved
}

/// Errors from setting up signal handling.
public struct SignalSetupError: Error, CustomStringConvertible {
    public let errno: Int32
    public let what: String
    public var description: String { "redact: cannot \(what) (errno \(errno))" }
}

// MARK: - SignalMonitor

/// Installs handlers for the stop and reopen signals and turns deliveries into state:
/// `stop` is triggered by a stop signal; `reopenGeneration` is incremented by each reopen signal.
/// One monitor may be installed at a time in a process. `uninstall()` restores the previous
/// dispositions (tests use it; the CLI just exits).
public final class SignalMonitor: @unchecked Sendable {
    public let stop: StopSignal
    public let stopSignals: [Int32]
    public let reopenSignals: [Int32]

    private let pipeRead: Int32
    private let pipeWrite: Int32
    private var previous: [(Int32, sigaction)] = []
    private var thread: pthread_t?
    private let counters = SidecarLocked<(reopen: Int, received: Int)>((0, 0))
    private var installed = false

    private static let current = SidecarLocked<Bool>(false)

    /// Number of reopen signals seen so far. A sink compares it with the value it last acted on.
    public var reopenGeneration: Int { counters.withLock { $0.reopen } }

    /// Number of signals (of either kind) the watcher has processed.
    public var signalsReceived: Int { counters.withLock { $0.received } }

    /// Installs the handlers. Also sets SIGPIPE to ignored (if `ignoreSIGPIPE`), so a closed
    /// downstream pipe shows up as `EPIPE` from `write(2)` instead of killing the process.
    public static func install(
        stopOn stopSignals: [Int32] = [SIGTERM, SIGINT],
        reopenOn reopenSignals: [Int32] = [SIGHUP],
        stop: StopSignal = StopSignal(),
        ignoreSIGPIPE: Bool = true
    ) throws -> SignalMonitor {
        let already = current.withLock { busy -> Bool in
            if busy { return true }
            busy = true
            return false
        }
        if already { throw SignalSetupError(errno: EBUSY, what: "install a second signal monitor") }
        do {
            let m = try SignalMonitor(stop: stop, stopSignals: stopSignals, reopenSignals: reopenSignals)
            try m.start(ignoreSIGPIPE: ignoreSIGPIPE)
            return m
        } catch {
            current.withLock { $0 = false }
            throw error
        }
    }

    private init(stop: StopSignal, stopSignals: [Int32], reopenSignals: [Int32]) throws {
        self.stop = stop
        self.stopSignals = stopSignals
        self.reopenSignals = reopenSignals
        var fds: [Int32] = [-1, -1]
        let rc = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
        if rc != 0 { throw SignalSetupError(errno: errno, what: "create the signal pipe") }
        pipeRead = fds[0]
        pipeWrite = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The handler must never block: a full pipe just drops the byte (the state it would set is
        // already pending). The watcher reads blocking.
        _ = fcntl(pipeWrite, F_SETFL, fcntl(pipeWrite, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(pipeRead)
        close(pipeWrite)
    }

    private func start(ignoreSIGPIPE: Bool) throws {
        sidecarSignalPipeWriteFD = pipeWrite
        // A parent may have started us with these signals blocked (the mask survives exec; some
        // process launchers do this): unblock them on this thread, before any thread we start
        // inherits its mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signo in stopSignals + reopenSignals { sigaddset(&unblock, signo) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        // The watcher thread first, so no delivered signal waits for a reader.
        let box = Unmanaged.passRetained(self)
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { arg in
            #if canImport(Darwin)
            let monitor = Unmanaged<SignalMonitor>.fromOpaque(arg).takeRetainedValue()
            #else
            let monitor = Unmanaged<SignalMonitor>.fromOpaque(arg!).takeRetainedValue()
            #endif
            monitor.watch()
            return nil
        }, box.toOpaque())
        if rc != 0 {
            box.release()
            sidecarSignalPipeWriteFD = -1
            throw SignalSetupError(errno: rc, what: "start the signal watcher thread")
        }
        thread = tid

        for signo in stopSignals + reopenSignals {
            var action = sigaction()
            #if canImport(Darwin)
            action.__sigaction_u.__sa_handler = sidecarSignalHandler
            #else
            action.__sigaction_handler.sa_handler = sidecarSignalHandler
            #endif
            sigemptyset(&action.sa_mask)
            // SA_RESTART: interrupted reads and writes resume; code that must notice a stop
            // promptly waits in poll(2) with `stop.pollFD`.
            action.sa_flags = SA_RESTART
            var old = sigaction()
            if sigaction(signo, &action, &old) != 0 {
                let e = errno
                restoreHandlers()
                throw SignalSetupError(errno: e, what: "install a handler for signal \(signo)")
            }
            previous.append((signo, old))
        }
        if ignoreSIGPIPE {
            var action = sigaction()
            #if canImport(Darwin)
            action.__sigaction_u.__sa_handler = SIG_IGN
            #else
            action.__sigaction_handler.sa_handler = SIG_IGN
            #endif
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            if sigaction(SIGPIPE, &action, &old) == 0 { previous.append((SIGPIPE, old)) }
        }
        installed = true
    }

    private func restoreHandlers() {
        for (signo, old) in previous.reversed() {
            var o = old
            _ = sigaction(signo, &o, nil)
        }
        previous.removeAll()
    }

    /// The watcher thread: one byte per delivered signal; 0 means "exit".
    private func watch() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(pipeRead, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            if n == 0 { return }
            for i in 0..<n {
                let signo = Int32(buffer[i])
                if signo == 0 { return }
                if stopSignals.contains(signo) {
                    stop.trigger(reason: signo)
                } else if reopenSignals.contains(signo) {
                    counters.withLock { $0.reopen += 1 }
                }
                counters.withLock { $0.received += 1 }
            }
        }
    }

    /// Restores the previous signal dispositions and stops the watcher thread.
    public func uninstall() {
        guard installed else { return }
        installed = false
        restoreHandlers()
        var zero: UInt8 = 0
        // Blocking is fine here: the watcher is draining the pipe.
        _ = fcntl(pipeWrite, F_SETFL, fcntl(pipeWrite, F_GETFL) & ~O_NONBLOCK)
        _ = write(pipeWrite, &zero, 1)
        if let t = thread { pthread_join(t, nil) }
        thread = nil
        sidecarSignalPipeWriteFD = -1
        SignalMonitor.current.withLock { $0 = false }
    }
}
