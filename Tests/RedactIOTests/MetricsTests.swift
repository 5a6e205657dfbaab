import Foundation
import Redact
import RedactIO
import Testing

#if canImport(Glibc)
import Glibc
#endif

private func sampleStats() -> RedactionStats {
    var s = RedactionStats()
    s.lines = 120
    s.bytesIn = 9000
    s.bytesOut = 8800
    s.byKind = ["phone": 1, "email": 3]
    s.byField = ["custom_attributes.ssn": 2]
    s.oversizedRecords = 1
    s.partialFlushes = 3
    s.partialMasks = 2
    return s
}

@Suite("Metrics")
struct MetricsTests {
    @Test func jsonLineIsOneLineWithFixedKeyOrder() {
        let snap = StatsSnapshot(stats: sampleStats(), lagBytes: 42, rotations: 2, truncations: 0,
                                 elapsedSeconds: 10.25, final: false)
        let line = StatsFormat.jsonLine(snap)
        #expect(line == """
        {"event":"stats","elapsed_s":10.250,"lines":120,"bytes_in":9000,"bytes_out":8800,"redactions":4,\
        "by_kind":{"email":3,"phone":1},"by_field":{"custom_attributes.ssn":2},"oversized_records":1,\
        "limit_masks":0,"partial_flushes":3,"partial_masks":2,"lag_bytes":42,"rotations":2,"truncations":0}

        """)
        // Valid JSON, one line.
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["redactions"] as? Int == 4)
        #expect((object?["by_kind"] as? [String: Int])?["email"] == 3)
        #expect(object?["partial_flushes"] as? Int == 3)
        #expect(object?["partial_masks"] as? Int == 2)
    }

    @Test func finalJsonLineWithoutFollowFields() {
        let snap = StatsSnapshot(stats: RedactionStats(), inputBytes: 77, elapsedSeconds: 0.0005, final: true)
        #expect(StatsFormat.jsonLine(snap) == """
        {"event":"final","elapsed_s":0.001,"lines":0,"bytes_in":0,"bytes_out":0,"input_bytes":77,"redactions":0,\
        "by_kind":{},"by_field":{},"oversized_records":0,"limit_masks":0,"partial_flushes":0,"partial_masks":0}

        """)
    }

    @Test func prometheusTextFormat() {
        let snap = StatsSnapshot(stats: sampleStats(), lagBytes: 42, rotations: 2, truncations: 1,
                                 elapsedSeconds: 3, final: true)
        let text = StatsFormat.prometheus(snap)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("redact_lines_total 120"))
        #expect(lines.contains("redact_bytes_in_total 9000"))
        #expect(lines.contains("redact_bytes_out_total 8800"))
        #expect(lines.contains("redact_redactions_total{kind=\"email\"} 3"))
        #expect(lines.contains("redact_redactions_total{kind=\"phone\"} 1"))
        #expect(lines.contains("redact_field_redactions_total{field=\"custom_attributes.ssn\"} 2"))
        #expect(lines.contains("redact_partial_flushes_total 3"))
        #expect(lines.contains("redact_partial_masks_total 2"))
        #expect(lines.contains("# TYPE redact_partial_masks_total counter"))
        #expect(lines.contains("redact_follow_lag_bytes 42"))
        #expect(lines.contains("redact_follow_rotations_total 2"))
        #expect(lines.contains("redact_follow_truncations_total 1"))
        #expect(lines.contains("redact_finished 1"))
        #expect(lines.contains("# TYPE redact_follow_lag_bytes gauge"))
        #expect(lines.contains("# TYPE redact_lines_total counter"))
        // Every sample line is `name{labels} value` with a numeric value and a declared type.
        var typed = Set<String>()
        for line in lines {
            if line.hasPrefix("# TYPE ") { typed.insert(String(line.split(separator: " ")[2])) ; continue }
            if line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ")
            #expect(parts.count == 2)
            #expect(Double(parts[1]) != nil)
            let name = String(parts[0].prefix { $0 != "{" })
            #expect(typed.contains(name), "sample without TYPE: \(name)")
        }
        #expect(text.hasSuffix("\n"))
    }

    /// Pipeline counters (chunks, redos, times) follow the redaction counts in the JSON line, in a
    /// fixed order; in the Prometheus text they are typed counters and gauges.
    @Test func pipelineCountersInJsonAndPrometheus() throws {
        var c = PipelineCounters()
        c.threads = 2
        c.inlineChunks = 1
        c.parallelChunks = 128
        c.callerChunks = 60
        c.redoneChunks = 4
        c.redoneBytes = 2694
        c.callerRedactSeconds = 0.25
        c.redoSeconds = 0.0004
        c.callerWaitSeconds = 0.002
        c.workerRedactSeconds = 0.2
        c.workerIdleSeconds = 0.06
        let snap = StatsSnapshot(stats: RedactionStats(), pipeline: c, elapsedSeconds: 1, final: true)
        let line = StatsFormat.jsonLine(snap)
        #expect(line == """
        {"event":"final","elapsed_s":1.000,"lines":0,"bytes_in":0,"bytes_out":0,"redactions":0,\
        "by_kind":{},"by_field":{},"oversized_records":0,"limit_masks":0,"partial_flushes":0,"partial_masks":0,\
        "threads":2,"chunks":129,"inline_chunks":1,"parallel_chunks":128,"caller_chunks":60,\
        "redone_chunks":4,"redone_bytes":2694,"caller_redact_s":0.250,"redo_s":0.000,"caller_wait_s":0.002,\
        "worker_redact_s":0.200,"worker_idle_s":0.060}

        """)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["redone_chunks"] as? Int == 4)
        #expect(object["chunks"] as? Int == 129)

        let prom = StatsFormat.prometheus(snap)
        let lines = prom.split(separator: "\n").map(String.init)
        #expect(lines.contains("redact_threads 2"))
        #expect(lines.contains("redact_chunks_total{mode=\"inline\"} 1"))
        #expect(lines.contains("redact_chunks_total{mode=\"parallel\"} 128"))
        #expect(lines.contains("redact_caller_chunks_total 60"))
        #expect(lines.contains("redact_redone_chunks_total 4"))
        #expect(lines.contains("redact_redone_bytes_total 2694"))
        #expect(lines.contains("# TYPE redact_redone_chunks_total counter"))
        #expect(lines.contains("redact_thread_seconds_total{thread=\"caller\",activity=\"redo\"} 0.000"))
        #expect(lines.contains("redact_thread_seconds_total{thread=\"workers\",activity=\"idle\"} 0.060"))
        var typed = Set<String>()
        for line in lines {
            if line.hasPrefix("# TYPE ") { typed.insert(String(line.split(separator: " ")[2])); continue }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            #expect(typed.contains(name), "sample without TYPE: \(name)")
            #expect(Double(line.split(separator: " ").last!) != nil)
        }

        let text = StatsReport.text(RedactionStats(), pipeline: c, elapsedSeconds: 1)
        let rows = text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        for row in ["threads 2", "chunks 129", "inline 1", "parallel 128", "by calling thread 60",
                    "redone chunks 4", "redone bytes 2694", "caller redacting 0.250 s", "redoing 0.000 s",
                    "caller waiting 0.002 s", "workers redacting 0.200 s", "workers idle 0.060 s"] {
            #expect(rows.contains(row), "\(row) in \(text)")
        }
        // Without counters (library users of the old signature), no pipeline rows.
        #expect(!StatsReport.text(RedactionStats(), elapsedSeconds: 1).contains("redone"))
        #expect(!StatsFormat.jsonLine(StatsSnapshot(stats: RedactionStats(), elapsedSeconds: 1, final: true)).contains("redone"))
    }

    @Test func metricsFileIsReplacedAtomically() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let path = dir.file("redact.prom")
        let file = MetricsFile(path: path)
        try file.write(text: "first 1\n")
        #expect(followReadFile(path) == "first 1\n")
        var before = stat()
        stat(path, &before)
        try file.write(StatsSnapshot(stats: sampleStats(), elapsedSeconds: 1, final: false))
        var after = stat()
        stat(path, &after)
        // A new inode: readers holding the old file see the old content whole, never a mix.
        #expect(before.st_ino != after.st_ino)
        #expect(followReadFile(path).contains("redact_lines_total 120\n"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(leftovers == ["redact.prom"])
    }

    @Test func metricsFileErrorNamesThePathOnly() {
        let file = MetricsFile(path: "/nonexistent-dir-for-redact/x.prom")
        #expect(throws: MetricsFileError.self) { try file.write(text: "x 1\n") }
    }

    @Test func reporterEmitsPeriodicallyAndAtTheEnd() throws {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let lines = FollowShared<[String]>([])
        let reporter = StatsReporter(interval: .milliseconds(40), metricsFile: MetricsFile(path: dir.file("m.prom")),
                                     emit: { s in lines.update { $0.append(s) } })
        #expect(!reporter.isDue)
        #expect(reporter.timeUntilDue! <= .milliseconds(40))
        var calls = 0
        reporter.tick { calls += 1; return StatsSnapshot(stats: sampleStats(), elapsedSeconds: 0, final: false) }
        #expect(calls == 0)  // not due yet: the snapshot is not even built
        usleep(60_000)
        #expect(reporter.isDue)
        reporter.tick { calls += 1; return StatsSnapshot(stats: sampleStats(), elapsedSeconds: 0, final: false) }
        #expect(calls == 1)
        #expect(!reporter.isDue)
        reporter.report(StatsSnapshot(stats: sampleStats(), elapsedSeconds: 1, final: true))
        let got = lines.get()
        #expect(got.count == 2)
        #expect(got[0].hasPrefix("{\"event\":\"stats\""))
        #expect(got[1].hasPrefix("{\"event\":\"final\""))
        #expect(followReadFile(dir.file("m.prom")).contains("redact_finished 1\n"))
    }

    @Test func metricsOnlyReporterWritesNoJson() {
        let dir = FollowTempDir()
        defer { dir.cleanup() }
        let lines = FollowShared<[String]>([])
        let reporter = StatsReporter(interval: nil, metricsFile: MetricsFile(path: dir.file("m.prom")),
                                     emit: { s in lines.update { $0.append(s) } })
        #expect(reporter.timeUntilDue != nil)  // the default refresh of the metrics file
        reporter.report(StatsSnapshot(stats: sampleStats(), elapsedSeconds: 1, final: true))
        #expect(lines.get().isEmpty)
        #expect(followReadFile(dir.file("m.prom")).contains("redact_lines_total 120\n"))
    }
}

@Suite("Progress")
struct ProgressTests {
    @Test func renderShowsBytesPercentRateAndTimeLeft() {
        let line = ProgressMeter.render(bytesDone: 250_000_000, totalBytes: 1_000_000_000, elapsed: .seconds(5))
        #expect(line == "redact: 250.0 MB of 1.00 GB (25.0%)  50.0 MB/s  0:15 left")
        let done = ProgressMeter.render(bytesDone: 1_000_000_000, totalBytes: 1_000_000_000, elapsed: .seconds(10))
        #expect(done == "redact: 1.00 GB of 1.00 GB (100.0%)  100.0 MB/s")
        let unknown = ProgressMeter.render(bytesDone: 1500, totalBytes: nil, elapsed: .seconds(1))
        #expect(unknown == "redact: 1.50 kB  1.50 kB/s")
        let early = ProgressMeter.render(bytesDone: 10, totalBytes: 100, elapsed: .zero)
        #expect(early == "redact: 10 B of 100 B (10.0%)")
    }

    @Test func formatting() {
        #expect(ProgressMeter.formatBytes(0) == "0 B")
        #expect(ProgressMeter.formatBytes(999) == "999 B")
        #expect(ProgressMeter.formatBytes(1000) == "1.00 kB")
        #expect(ProgressMeter.formatBytes(312_449_000) == "312.4 MB")
        #expect(ProgressMeter.formatDuration(0) == "0:00")
        #expect(ProgressMeter.formatDuration(61.2) == "1:02")
        #expect(ProgressMeter.formatDuration(3725) == "1:02:05")
    }

    @Test func disabledMeterNeverWrites() {
        let out = FollowShared<[String]>([])
        let meter = ProgressMeter(totalBytes: 100, enabled: false, redrawInterval: .zero,
                                  write: { s in out.update { $0.append(s) } })
        meter.update(bytesDone: 10)
        meter.update(bytesDone: 50)
        meter.finish()
        #expect(out.get().isEmpty)
    }

    @Test func enabledMeterRedrawsOneLineAndErasesIt() {
        let out = FollowShared<[String]>([])
        let meter = ProgressMeter(totalBytes: 100, enabled: true, redrawInterval: .zero,
                                  write: { s in out.update { $0.append(s) } })
        meter.update(bytesDone: 10)
        meter.update(bytesDone: 50)
        meter.finish()
        let writes = out.get()
        #expect(writes.count == 3)
        #expect(writes.allSatisfy { $0.hasPrefix("\r") && !$0.contains("\n") })
        #expect(writes[1].contains("(50.0%)"))
        #expect(writes[2].trimmingCharacters(in: CharacterSet(charactersIn: "\r ")).isEmpty)
    }

    @Test func redrawsAreThrottled() {
        let out = FollowShared<[String]>([])
        let meter = ProgressMeter(totalBytes: nil, enabled: true, redrawInterval: .seconds(60),
                                  write: { s in out.update { $0.append(s) } })
        for i in 0..<1000 { meter.update(bytesDone: i) }
        #expect(out.get().count == 1)
    }

    @Test func notATerminalMeansDisabled() {
        // The test runner's stderr is a pipe or file in CI; when it is a terminal, skip the check.
        if isatty(2) == 0 {
            #expect(ProgressMeter(totalBytes: 1).isEnabled == false)
        }
    }
}
