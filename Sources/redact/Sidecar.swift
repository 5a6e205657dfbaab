// Sidecar and operator flags of `redact`: follow mode, partial-line timeout, statistics, the
// metrics file, progress, and the signal handling that goes with them. main.swift keeps the
// command; this file turns these flags into a `Session` (RedactIO) and the pieces it hands to
// the pipeline.

import ArgumentParser
import Glibc
import Redact
import RedactIO

struct SidecarFlags: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Follow a file as it grows, like tail -F: survives rotation by rename and by copy-truncate, and waits for a file that does not exist yet. Runs until SIGTERM or SIGINT.",
        valueName: "path"))
    var follow: String?

    @Flag(help: "With --follow: start at the beginning of the file instead of its end.")
    var fromStart = false

    @Option(help: ArgumentHelp(
        "When input from a pipe (stdin or a FIFO, zstd or not) or from --follow stops in the middle of a line, write that line after this many milliseconds, redacted, up to its last safe cut; the rest follows with its newline, and a rest that gets no new safe cut in 5 timeouts in a row is masked. Regular files are read to their end and never wait. 0: wait for the newline.",
        valueName: "ms"))
    var partialFlushMs: Int = 500

    @Option(help: ArgumentHelp(
        "Write a one-line JSON summary to standard error every SECONDS (counts, kinds, lag; never a value), and a final one at exit.",
        valueName: "seconds"))
    var statsInterval: Double?

    @Option(help: ArgumentHelp(
        "Keep a Prometheus text-format file up to date (atomically replaced; for node_exporter's textfile collector).",
        valueName: "path"))
    var metricsFile: String?

    @Flag(help: "Never show the progress line (shown for files when standard error is a terminal).")
    var noProgress = false

    func validate(files: [String]) throws {
        if follow != nil && !files.isEmpty {
            throw ValidationError("--follow reads one file; do not give input files as well.")
        }
        if fromStart && follow == nil {
            throw ValidationError("--from-start needs --follow.")
        }
        if partialFlushMs < 0 || partialFlushMs > 3_600_000 {
            throw ValidationError("--partial-flush-ms must be between 0 and 3600000.")
        }
        if let s = statsInterval, !(s >= 0.01 && s <= 86_400) {
            throw ValidationError("--stats-interval must be between 0.01 and 86400 seconds.")
        }
        if let m = metricsFile, m.isEmpty {
            throw ValidationError("--metrics-file needs a path.")
        }
    }

    /// Wait slice of the pipeline while idle: how often ticks run when no input arrives.
    static let idleSliceMilliseconds: Int32 = 50
}

/// Everything the sidecar flags add to one run of the command.
final class SidecarRun {
    let flags: SidecarFlags
    let session: Session
    private var inputs: InputList?
    private var finishedInputBytes = 0
    private var currentInputSize = 0
    private var currentFD: Int32 = -1

    /// Installs the signal handlers (SIGTERM, SIGINT: stop and drain; SIGHUP: reopen the output).
    init(flags: SidecarFlags) throws {
        self.flags = flags
        let signals: SignalMonitor?
        do {
            signals = try SignalMonitor.install()
        } catch {
            report("\(error)")
            signals = nil
        }
        var configuration = SessionConfiguration()
        configuration.partialFlush = flags.partialFlushMs > 0 ? .milliseconds(flags.partialFlushMs) : nil
        configuration.statsInterval = flags.statsInterval.map { .nanoseconds(Int64($0 * 1e9)) }
        configuration.metricsFile = flags.metricsFile
        session = Session(configuration: configuration, signals: signals,
                          emit: { line in report(line, prefixed: false) },
                          notice: { message in report(message) })
    }

    var isFollowing: Bool { flags.follow != nil }

    /// The output sink: a file given with --output is reopened on SIGHUP.
    func outputSink(path: String?, fd: Int32, makeSink: @escaping (Int32) -> ByteSink) -> ByteSink {
        guard let path, path != "-" else { return makeSink(fd) }
        let sink = ReopeningSink(path: path, fd: fd, makeSink: makeSink)
        session.reopeningSink = sink
        return sink
    }

    /// The input: the followed file, or the list of files / stdin (with progress when it is a
    /// long run over files and stderr is a terminal).
    func source(files: [String], decompress: DecompressMode) -> ByteSource {
        if let path = flags.follow {
            let stop = session.signals?.stop ?? StopSignal()
            let follower = Follower(path: path, options: FollowOptions(fromStart: flags.fromStart), stop: stop,
                                    onNotice: { message in report(message, prefixed: false) })
            let source = FollowSource(follower: follower)
            source.waitSlice = .milliseconds(Int(SidecarFlags.idleSliceMilliseconds))
            session.followSource = source
            return source
        }
        let specs = files.map(InputSpec.init(argument:))
        let list = InputList(specs, decompress: decompress)
        inputs = list
        if let stop = session.signals?.stop {
            // SIGTERM/SIGINT: no further read once the stop is requested.
            list.interrupted = { stop.isSet }
        }
        let total = Self.totalSize(specs.isEmpty ? [.standardInput] : specs)
        list.onOpen = { [unowned self] _, fd in
            self.finishedInputBytes += self.currentInputSize
            self.currentInputSize = Sys.fileSize(fd) ?? 0
            self.currentFD = fd
        }
        session.inputPosition = { [unowned self] in self.inputPosition() }
        if !flags.noProgress, let total, total > 0 {
            let meter = ProgressMeter(totalBytes: total)
            if meter.isEnabled { session.progress = meter }
        }
        return list
    }

    /// Bytes of the input files consumed so far (compressed bytes for zstd input).
    private func inputPosition() -> Int {
        var position = finishedInputBytes
        if let list = inputs, list.currentInput != nil, currentFD >= 0 {
            let offset = lseek(currentFD, 0, SEEK_CUR)
            if offset > 0 { position += Int(offset) }
        } else {
            position += currentInputSize
        }
        return position
    }

    /// Sum of the sizes of the inputs when every one is a regular file; nil otherwise.
    private static func totalSize(_ specs: [InputSpec]) -> Int? {
        var total = 0
        for spec in specs {
            var st = stat()
            switch spec {
            case .standardInput:
                guard fstat(0, &st) == 0 else { return nil }
            case .path(let p):
                guard stat(p, &st) == 0 else { return nil }
            }
            guard st.st_mode & S_IFMT == S_IFREG else { return nil }
            total += Int(st.st_size)
        }
        return total
    }

    /// Pipeline settings the session needs: idle ticks.
    func configure(_ configuration: inout PipelineConfiguration) {
        configuration.idleSliceMilliseconds = SidecarFlags.idleSliceMilliseconds
    }

    func attach(_ pipeline: Pipeline<LineRedactor>) { session.attach(to: pipeline) }

    /// End of run: progress erased, final statistics written.
    func finish(_ pipeline: Pipeline<LineRedactor>) { session.finish(pipeline) }
}
