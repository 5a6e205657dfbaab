// End to end: operator statistics (--stats-interval JSON lines, --metrics-file) and progress.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let script = SidecarE2E.tool("script")

@Suite("Sidecar: statistics, metrics file, progress", .serialized)
struct SidecarStatsTests {
    @Test("--stats-interval: periodic JSON lines and a final one; --metrics-file in Prometheus format")
    func statsAndMetrics() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let metrics = dir.file("redact.prom")
        let redact = try Child.start(
            [SidecarE2E.redact, "--follow", app, "--output", dir.file("out.log"),
             "--stats-interval", "0.1", "--metrics-file", metrics], in: dir)
        #expect(waitUntilOpen(redact.pid, app))
        for i in 0..<50 { appendLine(app, SidecarE2E.appLine(i)) }
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == 49 })
        // At least two periodic reports after everything was written.
        let before = redact.stderr.split(separator: "\n").count
        #expect(eventually { redact.stderr.split(separator: "\n").count >= before + 2 })
        #expect(eventually { FileManager.default.fileExists(atPath: metrics) })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)

        let stderr = redact.stderr
        for pii in SidecarE2E.rawPII { #expect(!stderr.contains(pii)) }
        let lines = stderr.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)")
            if let object { objects.append(object) }
        }
        #expect(objects.dropLast().allSatisfy { $0["event"] as? String == "stats" })
        let final = try #require(objects.last)
        #expect(final["event"] as? String == "final")
        #expect(final["lines"] as? Int == 50)
        let written = (0..<50).map(SidecarE2E.appLine).joined()
        #expect(final["bytes_in"] as? Int == written.utf8.count)
        #expect(final["bytes_out"] as? Int == dir.read("out.log").utf8.count)
        #expect(final["lag_bytes"] as? Int == 0)
        #expect(final["rotations"] as? Int == 0)
        let byKind = try #require(final["by_kind"] as? [String: Int])
        #expect(byKind["email"] == 100)
        #expect(byKind["phone"] == 50)
        #expect((final["redactions"] as? Int ?? 0) >= 150)
        // How the work was spread: plain lines are never redone.
        #expect((final["chunks"] as? Int ?? 0) >= 1)
        #expect(final["redone_chunks"] as? Int == 0)
        #expect(final["redone_bytes"] as? Int == 0)
        #expect((final["caller_wait_s"] as? Double) != nil)

        let prom = dir.read("redact.prom")
        #expect(prom.contains("redact_lines_total 50\n"))
        #expect(prom.contains("redact_redactions_total{kind=\"email\"} 100\n"))
        #expect(prom.contains("redact_follow_lag_bytes 0\n"))
        #expect(prom.contains("redact_finished 1\n"))
        #expect(prom.contains("redact_redone_chunks_total 0\n"))
        #expect(prom.contains("# TYPE redact_chunks_total counter\n"))
        for pii in SidecarE2E.rawPII { #expect(!prom.contains(pii)) }
        // Only the metrics file is left: the temporary file was renamed over it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".prom") }
        #expect(leftovers == ["redact.prom"])
    }

    @Test("starting at the end of an existing file: nothing read, nothing lagging")
    func startAtEndReportsNoLag() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        let written = (0..<200).map(SidecarE2E.appLine).joined()
        try written.write(toFile: app, atomically: false, encoding: .utf8)
        // Starting at the end: nothing is read, nothing is lagging.
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--stats-interval", "0.05",
                                      "--output", dir.file("out.log")], in: dir)
        #expect(eventually { redact.stderr.contains("\"lag_bytes\":0") })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        #expect(dir.read("out.log").isEmpty)
    }

    @Test("no progress line when stderr is not a terminal")
    func noProgressWithoutTerminal() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let input = dir.file("in.log")
        try (0..<2000).map(SidecarE2E.appLine).joined().write(toFile: input, atomically: false, encoding: .utf8)
        let run = try Child.start([SidecarE2E.redact, input, "--output", dir.file("out.log")], in: dir)
        #expect(run.wait(timeout: 60) == 0)
        #expect(run.stderr.isEmpty)
    }

    @Test("a progress line on a terminal: bytes, percent, rate; erased at the end",
          .enabled(if: script != nil, "script(1) (util-linux) is needed to give redact a terminal"))
    func progressOnATerminal() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let input = dir.file("in.log")
        try (0..<2000).map(SidecarE2E.appLine).joined().write(toFile: input, atomically: false, encoding: .utf8)
        // script(1) runs the command on a pseudo-terminal and copies what it prints to stdout.
        let command = "'\(SidecarE2E.redact)' '\(input)' --output '\(dir.file("out.log"))'"
        let run = try Child.start([script!, "-q", "-e", "-c", command, "/dev/null"], in: dir)
        #expect(run.wait(timeout: 60) == 0)
        let terminal = run.stdout
        #expect(terminal.contains("redact: "))
        #expect(terminal.contains("%)"))
        #expect(terminal.contains("B/s"))
        #expect(terminal.contains("\r"))
        #expect(!terminal.contains("\n"), "the progress line must update in place")
        for pii in SidecarE2E.rawPII { #expect(!terminal.contains(pii)) }
        #expect(SidecarE2E.sequence(dir.read("out.log")).count == 2000)
        // --no-progress silences it.
        let quiet = try Child.start([script!, "-q", "-e", "-c", command + " --no-progress", "/dev/null"], in: dir)
        #expect(quiet.wait(timeout: 60) == 0)
        #expect(!quiet.stdout.contains("redact: "))
    }
}
