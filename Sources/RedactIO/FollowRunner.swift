// The sidecar loop: follower → StreamRedactor → sink, single-threaded.
//
// - Output is batched while input keeps coming and written as soon as input is idle (the
//   follower has nothing more right now), so a line appears within milliseconds of its write.
// - A partial last line waits for its newline; after `partialFlush` it is redacted and written.
// - At a file boundary (rotation, truncation) a pending partial line is complete: it is flushed
//   and ended with a newline, so it is never joined with the first line of the next file.
// - When the stop signal fires: everything already read is redacted and written, the sink is
//   flushed and closed, the final statistics are reported, and `run()` returns.
// - SIGHUP (via `SignalMonitor.reopenGeneration`): the sink reopens its file.

import Redact

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public struct SidecarOptions: Sendable {
    /// How long a partial last line waits for its newline before it is redacted and written.
    public var partialFlush: Duration = .milliseconds(500)
    /// Read size.
    public var readChunk: Int = 256 << 10
    /// Output is written when this much is pending, or at once when input is idle.
    public var outputBatch: Int = 256 << 10
    /// Longest sleep while idle: bounds how late a SIGHUP reopen can be.
    public var maxIdleWait: Duration = .milliseconds(250)

    public init(partialFlush: Duration = .milliseconds(500)) {
        self.partialFlush = partialFlush
    }
}

public final class FollowRunner {
    public let follower: Follower
    public let sink: SidecarSink
    public let options: SidecarOptions
    public let signals: SignalMonitor?
    public let reporter: StatsReporter?

    private var redactor: StreamRedactor
    private var writtenReopenGeneration = 0
    /// Times the sink was reopened on a reopen signal.
    public private(set) var reopens = 0
    /// Partial lines flushed by timeout or at a file boundary.
    public private(set) var partialFlushes = 0

    public init(follower: Follower, plan: RedactionPlan, sink: SidecarSink, options: SidecarOptions = SidecarOptions(),
                signals: SignalMonitor? = nil, reporter: StatsReporter? = nil) {
        self.follower = follower
        self.sink = sink
        self.options = options
        self.signals = signals
        self.reporter = reporter
        redactor = StreamRedactor(plan: plan)
        writtenReopenGeneration = signals?.reopenGeneration ?? 0
    }

    /// What has been done so far (for statistics).
    public func snapshot(final: Bool) -> StatsSnapshot {
        StatsSnapshot(stats: redactor.stats, lagBytes: follower.lagBytes, rotations: follower.rotations,
                      truncations: follower.truncations, inputBytes: nil,
                      elapsedSeconds: reporter?.elapsedSeconds ?? 0, final: final)
    }

    /// Runs until the follower's stop signal is triggered. Returns the final statistics.
    /// Throws on a read error or an output error (after writing what it could).
    @discardableResult
    public func run() throws -> RedactionStats {
        let clock = ContinuousClock()
        var buffer = [UInt8](repeating: 0, count: max(1, options.readChunk))
        var out: [UInt8] = []
        out.reserveCapacity(options.outputBatch + options.readChunk)
        var partialSince: ContinuousClock.Instant?

        func writeOut() throws {
            if !out.isEmpty {
                try out.withUnsafeBytes { try sink.write($0) }
                out.removeAll(keepingCapacity: true)
            }
            try sink.flush()
        }

        loop: while true {
            if let signals, signals.reopenGeneration != writtenReopenGeneration {
                writtenReopenGeneration = signals.reopenGeneration
                try writeOut()
                try sink.reopen()
                reopens += 1
            }

            // Pending output: do not wait (idle now means "write it"). Otherwise sleep until the
            // partial line or the statistics are due.
            var wait = options.maxIdleWait
            if !out.isEmpty {
                wait = .zero
            } else {
                if let since = partialSince {
                    wait = min(wait, max(.zero, since.advanced(by: options.partialFlush) - clock.now))
                }
                if let due = reporter?.timeUntilDue { wait = min(wait, due) }
            }

            let event = try buffer.withUnsafeMutableBytes { try follower.next(into: $0, timeout: wait) }
            switch event {
            case .data(let n):
                buffer.withUnsafeBytes { raw in
                    let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                    redactor.feed(chunk, into: &out)
                    if redactor.bufferedByteCount == 0 {
                        partialSince = nil
                    } else if partialSince == nil || chunk.contains(UInt8(ascii: "\n")) {
                        // A new partial line started in this chunk.
                        partialSince = clock.now
                    }
                }
                if out.count >= options.outputBatch { try writeOut() }
            case .switched:
                if redactor.bufferedByteCount > 0 {
                    redactor.flushPartial(into: &out)
                    out.append(UInt8(ascii: "\n"))
                    partialFlushes += 1
                }
                partialSince = nil
            case .idle:
                try writeOut()
            case .stopped:
                break loop
            }

            if let since = partialSince, clock.now - since >= options.partialFlush {
                if redactor.bufferedByteCount > 0 {
                    redactor.flushPartial(into: &out)
                    partialFlushes += 1
                }
                partialSince = nil
                try writeOut()
            }
            reporter?.tick { snapshot(final: false) }
        }

        // Stop: redact and write everything already read, flush, report.
        redactor.finish(into: &out)
        try writeOut()
        try sink.close()
        reporter?.report(snapshot(final: true))
        return redactor.stats
    }
}
