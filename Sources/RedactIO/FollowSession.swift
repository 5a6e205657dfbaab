// What a long-running `redact` does besides redacting, driven from the pipeline's tick (called
// after each write and between idle wait slices, on the pipeline's thread):
// - a stop signal (SIGTERM/SIGINT) asks the pipeline to stop: it redacts, writes and flushes
//   everything already read, then returns;
// - a reopen signal (SIGHUP) reopens the output file;
// - a partial last line that has waited `partialFlush` is redacted and written;
// - periodic statistics (JSON lines, metrics file) and the progress line.

import Glibc
import Redact

public struct SessionConfiguration: Sendable {
    /// How long a partial last line waits for its newline. nil: until the end of input.
    public var partialFlush: Duration? = .milliseconds(500)
    /// Periodic one-line JSON statistics (and the final one) on the `emit` stream.
    public var statsInterval: Duration?
    /// Prometheus text file, rewritten atomically at each report.
    public var metricsFile: String?

    public init(partialFlush: Duration? = .milliseconds(500), statsInterval: Duration? = nil, metricsFile: String? = nil) {
        self.partialFlush = partialFlush
        self.statsInterval = statsInterval
        self.metricsFile = metricsFile
    }
}

public final class Session {
    public let configuration: SessionConfiguration
    public let signals: SignalMonitor?
    public let reporter: StatsReporter?
    /// Set for follow mode: lag, rotations and truncations come from it.
    public var followSource: FollowSource?
    /// Set when the output is a file that a reopen signal reopens.
    public var reopeningSink: ReopeningSink?
    /// Progress for long runs over files (nil: none).
    public var progress: ProgressMeter?
    /// Bytes of input consumed so far (for progress and `input_bytes`), when known.
    public var inputPosition: (() -> Int)?
    /// Operator messages (errors reopening the output, writing metrics). Never data.
    public var notice: (String) -> Void

    /// An error that ended the run from inside a tick (the output could not be reopened).
    public private(set) var outputError: IOError?
    /// Partial lines flushed because they waited too long: timed flush requests that wrote a part
    /// of the line (as `RedactionStats.partialFlushes` counts them). A request that found no new
    /// safe cut to write up to, or that ended in the mask (`stats.partialMasks`), wrote no part and
    /// is not counted. Settled at the tick after the pipeline took the request, and at `finish`.
    public private(set) var partialFlushes = 0
    /// The pipeline's `stats.partialFlushes` when this session's outstanding request was made.
    private var flushesBeforeRequest: Int?

    private var seenReopenGeneration: Int
    /// The pipeline's `bytesRead` at the last tick: input since then restarts the timeout.
    private var bytesReadSeen = 0
    /// When the partial line's current timeout started (nil: no timeout running).
    private var partialSince: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    /// `emit` receives JSON statistics lines (stderr in the CLI).
    public init(configuration: SessionConfiguration, signals: SignalMonitor?,
                emit: @escaping (String) -> Void, notice: @escaping (String) -> Void) {
        self.configuration = configuration
        self.signals = signals
        self.notice = notice
        seenReopenGeneration = signals?.reopenGeneration ?? 0
        if configuration.statsInterval != nil || configuration.metricsFile != nil {
            let r = StatsReporter(interval: configuration.statsInterval,
                                  metricsFile: configuration.metricsFile.map(MetricsFile.init(path:)), emit: emit)
            r.onError = notice
            reporter = r
        } else {
            reporter = nil
        }
    }

    /// True once a stop signal arrived.
    public var stopRequested: Bool { signals?.stop.isSet ?? false }

    /// Wires the session into a pipeline: its tick, and stop on a stop signal.
    public func attach<R>(to pipeline: Pipeline<R>) {
        pipeline.onTick = { [unowned self, unowned pipeline] in self.tick(pipeline) }
        followSource?.whileWaiting = { [unowned self, unowned pipeline] in self.tick(pipeline) }
    }

    /// One tick: stop, reopen, partial-line timeout, statistics, progress.
    public func tick<R>(_ pipeline: Pipeline<R>) {
        if stopRequested { pipeline.control.requestStop() }

        if let signals, signals.reopenGeneration != seenReopenGeneration {
            seenReopenGeneration = signals.reopenGeneration
            if let reopeningSink {
                do {
                    try reopeningSink.reopen()
                    notice("reopened \(reopeningSink.path)")
                } catch {
                    outputError = error
                    notice("cannot reopen the output: \(error)")
                    pipeline.control.requestStop()
                }
            }
        }

        settlePartialFlush(pipeline)
        if let limit = configuration.partialFlush {
            let now = clock.now
            let read = pipeline.bytesRead
            if pipeline.pendingPartialBytes == 0 || !pipeline.inputIdle {
                // Only time with the input idle counts: a busy pipeline has stopped reading, and its
                // partial line is not waiting for its newline.
                partialSince = nil
            } else if read != bytesReadSeen || partialSince == nil {
                // A new (or grown) partial line: its wait starts now (the pipeline ticks as soon as
                // its input goes idle).
                partialSince = now
            } else if let since = partialSince, now - since >= limit {
                if flushesBeforeRequest == nil { flushesBeforeRequest = pipeline.stats.partialFlushes }
                pipeline.control.requestPartialLineFlush()
                // The next timeout of the same line counts from this one (what the flush writes
                // does not restart it; new input does).
                partialSince = now
            }
            bytesReadSeen = read
            // Tick again when the timeout falls due, not at the end of a longer idle wait slice.
            pipeline.nextTickMilliseconds = partialSince.map { Self.milliseconds(limit - (now - $0)) }
        }

        if let reporter { reporter.tick { snapshot(pipeline, final: false) } }
        if let progress, let inputPosition { progress.update(bytesDone: inputPosition()) }
    }

    /// `duration` in whole milliseconds, rounded up (at least 1, at most `Int32.max`).
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 1 }
        guard seconds < Int64(Int32.max) / 1000 else { return Int32.max }
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(max(1, ms))
    }

    public func snapshot<R>(_ pipeline: Pipeline<R>, final: Bool) -> StatsSnapshot {
        StatsSnapshot(stats: pipeline.stats, lagBytes: followSource?.lagBytes,
                      rotations: followSource?.follower.rotations, truncations: followSource?.follower.truncations,
                      inputBytes: followSource == nil ? inputPosition?() : nil, pipeline: pipeline.counters,
                      elapsedSeconds: reporter?.elapsedSeconds ?? 0, final: final)
    }

    /// Counts this session's flush request once the pipeline has taken it, if it wrote a part.
    private func settlePartialFlush<R>(_ pipeline: Pipeline<R>) {
        guard let before = flushesBeforeRequest, !pipeline.control.partialLineFlushRequested else { return }
        if pipeline.stats.partialFlushes > before { partialFlushes += 1 }
        flushesBeforeRequest = nil
    }

    /// End of run: erase the progress line, write the final statistics.
    public func finish<R>(_ pipeline: Pipeline<R>) {
        settlePartialFlush(pipeline)
        progress?.finish()
        reporter?.report(snapshot(pipeline, final: true))
    }
}
