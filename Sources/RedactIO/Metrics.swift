// Statistics for operators: a one-line JSON summary (periodic with `--stats-interval`, and final on
// exit) and a Prometheus text-format file for node_exporter's textfile collector.
// Counts, kinds and sizes only: never an input line or a matched value.

import Redact

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a run has done so far.
public struct StatsSnapshot: Sendable, Equatable {
    public var stats: RedactionStats
    /// Bytes of the followed file(s) not yet read (follow mode only).
    public var lagBytes: Int?
    /// Follow mode: new files seen at the path (rotations) and truncations.
    public var rotations: Int?
    public var truncations: Int?
    /// Bytes of input consumed (before decompression, if any), when it differs from `stats.bytesIn`.
    public var inputBytes: Int?
    /// How the pipeline spread its work over threads (chunks, redos, waits), when known.
    public var pipeline: PipelineCounters?
    /// Seconds since the run started.
    public var elapsedSeconds: Double
    /// True for the summary written at exit.
    public var final: Bool

    public init(stats: RedactionStats, lagBytes: Int? = nil, rotations: Int? = nil, truncations: Int? = nil,
                inputBytes: Int? = nil, pipeline: PipelineCounters? = nil, elapsedSeconds: Double, final: Bool) {
        self.stats = stats
        self.lagBytes = lagBytes
        self.rotations = rotations
        self.truncations = truncations
        self.inputBytes = inputBytes
        self.pipeline = pipeline
        self.elapsedSeconds = elapsedSeconds
        self.final = final
    }
}

public enum StatsFormat {
    /// One line of JSON, keys in a fixed order, ending in `\n`. Example:
    /// `{"event":"stats","elapsed_s":10.0,"lines":120,"bytes_in":9000,"bytes_out":8800,
    ///  "redactions":4,"by_kind":{"email":3,"phone":1},"by_field":{},"oversized_records":0,
    ///  "limit_masks":0,"partial_flushes":2,"partial_masks":0,"lag_bytes":0,"rotations":1,"truncations":0}`
    /// With pipeline counters, after `partial_masks`: `"threads":2,"chunks":130,"inline_chunks":1,
    /// "parallel_chunks":129,"caller_chunks":40,"redone_chunks":3,"redone_bytes":1572864,
    /// "caller_redact_s":0.310,"redo_s":0.012,"caller_wait_s":0.020,"worker_redact_s":0.400,
    /// "worker_idle_s":0.015`.
    public static func jsonLine(_ s: StatsSnapshot) -> String {
        var o = "{\"event\":\"\(s.final ? "final" : "stats")\""
        o += ",\"elapsed_s\":\(formatSeconds(s.elapsedSeconds))"
        o += ",\"lines\":\(s.stats.lines)"
        o += ",\"bytes_in\":\(s.stats.bytesIn)"
        o += ",\"bytes_out\":\(s.stats.bytesOut)"
        if let i = s.inputBytes { o += ",\"input_bytes\":\(i)" }
        o += ",\"redactions\":\(s.stats.redactions)"
        o += ",\"by_kind\":" + jsonObject(s.stats.byKind)
        o += ",\"by_field\":" + jsonObject(s.stats.byField)
        o += ",\"oversized_records\":\(s.stats.oversizedRecords)"
        o += ",\"limit_masks\":\(s.stats.limitMasks)"
        o += ",\"partial_flushes\":\(s.stats.partialFlushes)"
        o += ",\"partial_masks\":\(s.stats.partialMasks)"
        if let c = s.pipeline {
            o += ",\"threads\":\(c.threads),\"chunks\":\(c.chunks),\"inline_chunks\":\(c.inlineChunks)"
            o += ",\"parallel_chunks\":\(c.parallelChunks),\"caller_chunks\":\(c.callerChunks)"
            o += ",\"redone_chunks\":\(c.redoneChunks),\"redone_bytes\":\(c.redoneBytes)"
            o += ",\"caller_redact_s\":\(formatSeconds(c.callerRedactSeconds)),\"redo_s\":\(formatSeconds(c.redoSeconds))"
            o += ",\"caller_wait_s\":\(formatSeconds(c.callerWaitSeconds))"
            o += ",\"worker_redact_s\":\(formatSeconds(c.workerRedactSeconds))"
            o += ",\"worker_idle_s\":\(formatSeconds(c.workerIdleSeconds))"
        }
        if let l = s.lagBytes { o += ",\"lag_bytes\":\(l)" }
        if let r = s.rotations { o += ",\"rotations\":\(r)" }
        if let t = s.truncations { o += ",\"truncations\":\(t)" }
        o += "}\n"
        return o
    }

    /// Prometheus text exposition format (version 0.0.4).
    public static func prometheus(_ s: StatsSnapshot) -> String {
        var o = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            o += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { o += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        metric("redact_lines_total", "counter", "Lines redacted.", [("", "\(s.stats.lines)")])
        metric("redact_bytes_in_total", "counter", "Bytes given to the redactor.", [("", "\(s.stats.bytesIn)")])
        metric("redact_bytes_out_total", "counter", "Bytes written after redaction.", [("", "\(s.stats.bytesOut)")])
        if let i = s.inputBytes {
            metric("redact_input_bytes_total", "counter", "Bytes of input consumed (before decompression).", [("", "\(i)")])
        }
        metric("redact_redactions_total", "counter", "Values redacted, by kind.",
               s.stats.byKind.sorted { $0.key < $1.key }.map { ("{kind=\"\(labelEscape($0.key))\"}", "\($0.value)") })
        metric("redact_field_redactions_total", "counter", "Field-level redactions, by key path.",
               s.stats.byField.sorted { $0.key < $1.key }.map { ("{field=\"\(labelEscape($0.key))\"}", "\($0.value)") })
        metric("redact_oversized_records_total", "counter", "Records longer than the maximum record size.",
               [("", "\(s.stats.oversizedRecords)")])
        metric("redact_limit_masks_total", "counter", "Spans masked because a pattern hit its match limit.",
               [("", "\(s.stats.limitMasks)")])
        metric("redact_partial_flushes_total", "counter",
               "Partial lines written in part (up to a safe cut) before their newline.",
               [("", "\(s.stats.partialFlushes)")])
        metric("redact_partial_masks_total", "counter",
               "Partial lines whose rest was replaced by [REDACTED:partial].",
               [("", "\(s.stats.partialMasks)")])
        if let c = s.pipeline {
            metric("redact_threads", "gauge", "Redaction threads (the calling thread included).", [("", "\(c.threads)")])
            metric("redact_chunks_total", "counter",
                   "Chunks redacted: inline (nothing else in flight) or in parallel (by a worker or the calling thread).",
                   [("{mode=\"inline\"}", "\(c.inlineChunks)"), ("{mode=\"parallel\"}", "\(c.parallelChunks)")])
            metric("redact_caller_chunks_total", "counter",
                   "Parallel chunks the calling thread redacted instead of waiting for the workers.",
                   [("", "\(c.callerChunks)")])
            metric("redact_redone_chunks_total", "counter",
                   "Chunks redacted again because their speculative carry state was wrong.",
                   [("", "\(c.redoneChunks)")])
            metric("redact_redone_bytes_total", "counter", "Bytes redacted again by redone chunks.",
                   [("", "\(c.redoneBytes)")])
            metric("redact_thread_seconds_total", "counter",
                   "Time by thread and activity: redacting (redos included), redoing, waiting.",
                   [("{thread=\"caller\",activity=\"redact\"}", formatSeconds(c.callerRedactSeconds)),
                    ("{thread=\"caller\",activity=\"redo\"}", formatSeconds(c.redoSeconds)),
                    ("{thread=\"caller\",activity=\"wait\"}", formatSeconds(c.callerWaitSeconds)),
                    ("{thread=\"workers\",activity=\"redact\"}", formatSeconds(c.workerRedactSeconds)),
                    ("{thread=\"workers\",activity=\"idle\"}", formatSeconds(c.workerIdleSeconds))])
        }
        if let l = s.lagBytes {
            metric("redact_follow_lag_bytes", "gauge", "Bytes of the followed file not yet read.", [("", "\(l)")])
        }
        if let r = s.rotations {
            metric("redact_follow_rotations_total", "counter", "New files seen at the followed path.", [("", "\(r)")])
        }
        if let t = s.truncations {
            metric("redact_follow_truncations_total", "counter", "Truncations of the followed file.", [("", "\(t)")])
        }
        metric("redact_uptime_seconds", "gauge", "Seconds since redact started.", [("", formatSeconds(s.elapsedSeconds))])
        metric("redact_finished", "gauge", "1 once redact has written its final summary.", [("", s.final ? "1" : "0")])
        return o
    }

    static func formatSeconds(_ x: Double) -> String {
        let ms = Int((x * 1000).rounded())
        let frac = ms % 1000
        return "\(ms / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
    }

    static func jsonObject(_ d: [String: Int]) -> String {
        "{" + d.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\($0.value)" }.joined(separator: ",") + "}"
    }

    static func jsonString(_ s: String) -> String {
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }

    static func labelEscape(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "\\": o += "\\\\"
            case "\"": o += "\\\""
            case "\n": o += "\\n"
            default: o.append(c)
            }
        }
        return o
    }
}

/// An error writing the metrics file (path and errno only).
public struct MetricsFileError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let errno: Int32
    public var description: String {
        "redact: cannot write metrics file \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// Writes a Prometheus text file atomically: the whole text into `PATH.tmp.PID`, then `rename(2)`
/// over `PATH`, so a collector never reads a half-written file. The temporary file lives in the
/// same directory (rename is atomic only within a file system); node_exporter ignores names that
/// do not end in `.prom`.
public struct MetricsFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func write(_ snapshot: StatsSnapshot) throws {
        try write(text: StatsFormat.prometheus(snapshot))
    }

    public func write(text: String) throws {
        let tmp = "\(path).tmp.\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw MetricsFileError(path: path, errno: errno) }
        let failed = Array(text.utf8).withUnsafeBytes { Sys.writeAll(fd, $0) }
        if let e = failed {
            Sys.close(fd)
            _ = unlink(tmp)
            throw MetricsFileError(path: path, errno: e)
        }
        if Sys.closeReportingError(fd) != 0 {
            let e = errno
            _ = unlink(tmp)
            throw MetricsFileError(path: path, errno: e)
        }
        if rename(tmp, path) != 0 {
            let e = errno
            _ = unlink(tmp)
            throw MetricsFileError(path: path, errno: e)
        }
    }
}

/// Decides when periodic statistics are due and writes them: JSON lines to a text stream
/// (stderr in the CLI) and, optionally, the metrics file.
public final class StatsReporter {
    public let interval: Duration?
    public let metricsFile: MetricsFile?
    /// Where JSON lines go (stderr in the CLI). nil: no JSON lines (metrics file only).
    public let emit: ((String) -> Void)?
    /// Metrics-file refresh when no `interval` is given.
    public static let defaultMetricsInterval: Duration = .seconds(10)

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var nextDue: ContinuousClock.Instant?
    private var metricsErrorReported = false
    public var onError: ((String) -> Void)?

    public init(interval: Duration?, metricsFile: MetricsFile?, emit: ((String) -> Void)?) {
        self.interval = interval
        self.metricsFile = metricsFile
        self.emit = emit
        start = clock.now
        if let period = effectiveInterval { nextDue = start.advanced(by: period) }
    }

    private var effectiveInterval: Duration? {
        if let interval { return interval }
        return metricsFile != nil ? StatsReporter.defaultMetricsInterval : nil
    }

    public var elapsedSeconds: Double {
        let d = clock.now - start
        let (s, a) = d.components
        return Double(s) + Double(a) / 1e18
    }

    /// Time until the next periodic report, if any (for a loop that sleeps until something is due).
    public var timeUntilDue: Duration? {
        guard let nextDue else { return nil }
        return max(.zero, nextDue - clock.now)
    }

    /// True when a periodic report is due now.
    public var isDue: Bool {
        guard let nextDue else { return false }
        return clock.now >= nextDue
    }

    /// Writes a periodic report if one is due. `snapshot` is only evaluated then.
    public func tick(_ snapshot: () -> StatsSnapshot) {
        guard isDue, let period = effectiveInterval else { return }
        var due = nextDue!.advanced(by: period)
        let now = clock.now
        if due <= now { due = now.advanced(by: period) }
        nextDue = due
        report(snapshot())
    }

    /// Writes `snapshot` now: a JSON line if `interval` was given (or it is the final one and JSON
    /// output is on), and the metrics file.
    public func report(_ snapshot: StatsSnapshot) {
        if interval != nil, let emit { emit(StatsFormat.jsonLine(snapshot)) }
        if let metricsFile {
            do {
                try metricsFile.write(snapshot)
            } catch {
                if !metricsErrorReported {
                    metricsErrorReported = true
                    onError?("\(error)")
                }
            }
        }
    }
}
