// Progress for long runs over files: one updating line on stderr, only when stderr is a terminal.
//   redact: 312.4 MB of 1.20 GB (25.9%)  85.3 MB/s  0:10 left

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public final class ProgressMeter {
    /// Size of the input file in bytes (what percent and time left are computed against), if known.
    public let totalBytes: Int?
    /// Whether anything is drawn at all. By default: stderr is a terminal.
    public let isEnabled: Bool
    /// Minimum time between redraws.
    public let redrawInterval: Duration
    private let write: (String) -> Void
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false
    private var lastWidth = 0

    /// `enabled: nil` means "when stderr is a terminal". `write` defaults to stderr.
    public init(totalBytes: Int?, enabled: Bool? = nil, redrawInterval: Duration = .milliseconds(200),
                write: ((String) -> Void)? = nil) {
        self.totalBytes = totalBytes
        self.isEnabled = enabled ?? ProgressMeter.stderrIsTerminal
        self.redrawInterval = redrawInterval
        self.write = write ?? ProgressMeter.writeStderr
        start = clock.now
    }

    /// True when file descriptor 2 is a terminal (and TERM is not "dumb").
    public static var stderrIsTerminal: Bool {
        guard isatty(2) == 1 else { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }

    /// Call as input is consumed (cheap: redraws at most every `redrawInterval`).
    public func update(bytesDone: Int) {
        guard isEnabled else { return }
        let now = clock.now
        if let lastDraw, now - lastDraw < redrawInterval { return }
        lastDraw = now
        draw(ProgressMeter.render(bytesDone: bytesDone, totalBytes: totalBytes, elapsed: now - start))
    }

    /// Erases the progress line (call before the final summary or an error message).
    public func finish() {
        guard isEnabled, drawn else { return }
        write("\r" + String(repeating: " ", count: lastWidth) + "\r")
        drawn = false
    }

    private func draw(_ line: String) {
        let width = line.count
        let pad = lastWidth > width ? String(repeating: " ", count: lastWidth - width) : ""
        write("\r" + line + pad)
        lastWidth = width
        drawn = true
    }

    /// The text of one progress line (pure, for tests).
    public static func render(bytesDone: Int, totalBytes: Int?, elapsed: Duration) -> String {
        let (s, a) = elapsed.components
        let seconds = Double(s) + Double(a) / 1e18
        var line = "redact: \(formatBytes(bytesDone))"
        if let total = totalBytes, total > 0 {
            let pct = min(100.0, Double(bytesDone) * 100 / Double(total))
            line += " of \(formatBytes(total)) (\(formatFixed(pct, 1))%)"
        }
        if seconds >= 0.05 {
            let rate = Double(bytesDone) / seconds
            line += "  \(formatBytes(Int(rate)))/s"
            if let total = totalBytes, total > bytesDone, rate > 0 {
                line += "  \(formatDuration(Double(total - bytesDone) / rate)) left"
            }
        }
        return line
    }

    /// Decimal units, as disks and `dd` report them: 999 B, 1.5 kB, 312.4 MB, 1.20 GB.
    public static func formatBytes(_ n: Int) -> String {
        let x = Double(n)
        if x < 1000 { return "\(n) B" }
        let units = ["kB", "MB", "GB", "TB", "PB"]
        var v = x / 1000
        var i = 0
        while v >= 1000 && i < units.count - 1 {
            v /= 1000
            i += 1
        }
        return formatFixed(v, v < 10 ? 2 : 1) + " " + units[i]
    }

    /// h:mm:ss or m:ss.
    public static func formatDuration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded(.up))
        let h = t / 3600, m = (t % 3600) / 60, sec = t % 60
        let ss = sec < 10 ? "0\(sec)" : "\(sec)"
        if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
        return "\(m):" + ss
    }

    static func formatFixed(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = Int((x * scale).rounded())
        let whole = r / Int(scale)
        var frac = String(r % Int(scale))
        while frac.count < digits { frac = "0" + frac }
        return digits == 0 ? "\(whole)" : "\(whole).\(frac)"
    }

    private static func writeStderr(_ s: String) {
        _ = Array(s.utf8).withUnsafeBytes { Sys.writeAll(2, $0) }
    }
}
