// The end-of-run summary (`--stats`): counts, kinds, field paths, sizes and times. Never a
// value, never an input line: everything here comes from counters.

import Redact

public enum StatsReport {
    /// A human-readable summary, one item per line, ending in a newline.
    /// With `pipeline`, how the work was spread over threads: chunks, redos and times.
    public static func text(_ stats: RedactionStats, pipeline: PipelineCounters? = nil, elapsedSeconds: Double) -> String {
        var lines: [(String, String)] = []
        lines.append(("lines", "\(stats.lines)"))
        lines.append(("bytes in", "\(stats.bytesIn)"))
        lines.append(("bytes out", "\(stats.bytesOut)"))
        lines.append(("redactions", "\(stats.redactions)"))
        for (kind, n) in stats.byKind.sorted(by: { $0.key < $1.key }) {
            lines.append(("  " + kind, "\(n)"))
        }
        let fieldTotal = stats.byField.values.reduce(0, +)
        lines.append(("field redactions", "\(fieldTotal)"))
        for (field, n) in stats.byField.sorted(by: { $0.key < $1.key }) {
            lines.append(("  " + field, "\(n)"))
        }
        lines.append(("oversized records", "\(stats.oversizedRecords)"))
        lines.append(("limit masks", "\(stats.limitMasks)"))
        lines.append(("partial flushes", "\(stats.partialFlushes)"))
        lines.append(("partial masks", "\(stats.partialMasks)"))
        if let c = pipeline {
            lines.append(("threads", "\(c.threads)"))
            lines.append(("chunks", "\(c.chunks)"))
            lines.append(("  inline", "\(c.inlineChunks)"))
            lines.append(("  parallel", "\(c.parallelChunks)"))
            lines.append(("    by calling thread", "\(c.callerChunks)"))
            lines.append(("redone chunks", "\(c.redoneChunks)"))
            lines.append(("redone bytes", "\(c.redoneBytes)"))
            lines.append(("caller redacting", format(c.callerRedactSeconds, decimals: 3) + " s"))
            lines.append(("  redoing", format(c.redoSeconds, decimals: 3) + " s"))
            lines.append(("caller waiting", format(c.callerWaitSeconds, decimals: 3) + " s"))
            lines.append(("workers redacting", format(c.workerRedactSeconds, decimals: 3) + " s"))
            lines.append(("workers idle", format(c.workerIdleSeconds, decimals: 3) + " s"))
        }
        lines.append(("elapsed", format(elapsedSeconds, decimals: 3) + " s"))
        let mbps = elapsedSeconds > 0 ? Double(stats.bytesIn) / elapsedSeconds / 1e6 : 0
        lines.append(("throughput", format(mbps, decimals: 1) + " MB/s"))
        let width = max(20, (lines.map { $0.0.count }.max() ?? 0) + 2)
        var out = "redact: stats\n"
        for (k, v) in lines {
            out += "  " + k + String(repeating: " ", count: width - k.count) + v + "\n"
        }
        return out
    }

    /// Fixed-point formatting without Foundation.
    static func format(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x * scale).rounded()
        let whole = Int(scaled / scale)
        let frac = Int(scaled) - whole * Int(scale)
        if decimals == 0 { return "\(whole)" }
        var f = String(abs(frac))
        while f.count < decimals { f = "0" + f }
        return "\(whole).\(f)"
    }
}
