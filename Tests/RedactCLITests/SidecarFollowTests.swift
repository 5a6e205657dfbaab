// End to end: the built `redact --follow` with real logrotate, real signals, real pipes.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let logrotate = SidecarE2E.tool("logrotate")

@Suite("Sidecar: redact --follow end to end", .serialized)
struct SidecarFollowTests {
    /// Checks redacted output against the oracle, and the properties that matter on their own.
    private func checkOutput(_ output: String, written: String, dir: TempDir, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let seq = SidecarE2E.sequence(output)
        let expectedSeq = SidecarE2E.sequence(written)
        #expect(seq.count == expectedSeq.count, "line count", sourceLocation: sourceLocation)
        #expect(seq == expectedSeq, "lines lost, duplicated or out of order", sourceLocation: sourceLocation)
        for pii in SidecarE2E.rawPII {
            #expect(!output.contains(pii), "raw PII in the output", sourceLocation: sourceLocation)
        }
        let emailTokens = output.components(separatedBy: "[REDACTED:email]").count - 1
        #expect(emailTokens == 2 * expectedSeq.count, sourceLocation: sourceLocation)
        #expect(output.components(separatedBy: "[REDACTED:phone]").count - 1 == expectedSeq.count, sourceLocation: sourceLocation)
        let oracle = try SidecarE2E.batchRedact(written, in: dir)
        #expect(output == oracle, "follow output differs from batch redaction of the same lines", sourceLocation: sourceLocation)
    }

    private func logrotateConfig(_ dir: TempDir, copytruncate: Bool) throws -> (conf: String, state: String) {
        let conf = dir.file("logrotate.conf")
        let mode = copytruncate ? "copytruncate" : "create 0644"
        try """
        \(dir.file("app.log")) {
            rotate 1000
            \(mode)
            nocompress
            missingok
        }

        """.write(toFile: conf, atomically: true, encoding: .utf8)
        return (conf, dir.file("logrotate.state"))
    }

    @Test("logrotate (rename + create) while a writer appends: every line once, in order, redacted",
          .enabled(if: logrotate != nil, "logrotate is not installed (apt-get install logrotate)"))
    func logrotateRenameWhileWriting() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let (conf, state) = try logrotateConfig(dir, copytruncate: false)
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--output", dir.file("out.log")], in: dir)
        #expect(waitUntilOpen(redact.pid, app))  // it has opened the file and taken its end

        let total = 2000
        let writerDone = Shared(false)
        let writer = BackgroundThread {
            for i in 0..<total {
                appendLine(app, SidecarE2E.appLine(i), create: false)
                usleep(700)
            }
            writerDone.set(true)
        }
        var rotations = 0
        var logrotateErrors: [String] = []
        while !writerDone.get() {
            usleep(250_000)
            let (status, err) = try runTool([logrotate!, "-f", "-s", state, conf], in: dir)
            if status == 0 { rotations += 1 } else { logrotateErrors.append(err) }
        }
        writer.join()
        let written = (0..<total).map(SidecarE2E.appLine).joined()
        let caughtUp = eventually { SidecarE2E.sequence(dir.read("out.log")).last == total - 1 }
        #expect(caughtUp)
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        for pii in SidecarE2E.rawPII { #expect(!redact.stderr.contains(pii)) }
        #expect(rotations >= 3, "logrotate rotated \(rotations) times; errors: \(logrotateErrors.count)")
        let rotatedFiles = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("app.log.") }
        #expect(rotatedFiles.count >= 3)
        try checkOutput(dir.read("out.log"), written: written, dir: dir)
    }

    /// copytruncate: logrotate copies the file and truncates it in place; the application keeps
    /// its descriptor (O_APPEND). Lines written between the copy and the truncation are lost
    /// for every reader (logrotate's manual says so); here each rotation happens once the
    /// follower has read what was written, so nothing may be lost or duplicated.
    @Test("logrotate copytruncate: restart at 0, nothing lost or duplicated",
          .enabled(if: logrotate != nil, "logrotate is not installed (apt-get install logrotate)"))
    func logrotateCopyTruncate() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let (conf, state) = try logrotateConfig(dir, copytruncate: true)
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--output", dir.file("out.log")], in: dir)
        #expect(waitUntilOpen(redact.pid, app))
        let fd = open(app, O_WRONLY | O_APPEND)  // the application's descriptor, kept across rotations
        defer { close(fd) }
        var next = 0
        var written = ""
        for round in 0..<5 {
            for _ in 0..<(200 + 50 * round) {
                let line = SidecarE2E.appLine(next)
                _ = line.withCString { write(fd, $0, strlen($0)) }
                written += line
                next += 1
            }
            let last = next - 1
            #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == last })
            let (status, err) = try runTool([logrotate!, "-f", "-s", state, conf], in: dir)
            #expect(status == 0, "logrotate failed: \(err)")
            #expect(eventually { (try? FileManager.default.attributesOfItem(atPath: app)[.size] as? Int) == 0 || round == 4 })
        }
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        try checkOutput(dir.read("out.log"), written: written, dir: dir)
    }

    @Test("latency from a write to the followed file to its redacted line on stdout")
    func latency() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let fds = cloexecPipe()
        let redact = try Child.start([SidecarE2E.redact, "--follow", app], in: dir, stdoutFD: fds[1])
        close(fds[1])
        let readHandle = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        #expect(waitUntilOpen(redact.pid, app))
        let count = 300
        let arrivals = Shared<[Int: UInt64]>([:])
        let reader = BackgroundThread {
            var pending = ""
            let handle = readHandle
            while true {
                let data = handle.availableData
                if data.isEmpty { return }
                let now = DispatchTime.now().uptimeNanoseconds
                pending += String(decoding: data, as: UTF8.self)
                while let nl = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<nl])
                    pending = String(pending[pending.index(after: nl)...])
                    if let s = SidecarE2E.sequence(line + "\n").first, let s {
                        arrivals.update { $0[s] = now }
                    }
                }
                if arrivals.get().count == count { return }
            }
        }
        var sent: [UInt64] = []
        for i in 0..<count {
            sent.append(DispatchTime.now().uptimeNanoseconds)
            appendLine(app, SidecarE2E.appLine(i))
            usleep(3000)
        }
        #expect(eventually { arrivals.get().count == count })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        reader.join()
        let got = arrivals.get()
        var ms: [Double] = []
        for i in 0..<count { if let t = got[i] { ms.append(Double(t - sent[i]) / 1e6) } }
        ms.sort()
        #expect(ms.count == count)
        guard !ms.isEmpty else { return }
        let median = ms[ms.count / 2]
        let p99 = ms[min(ms.count - 1, Int(Double(ms.count) * 0.99))]
        print("sidecar latency (write → redacted line on stdout), \(ms.count) lines: median \(String(format: "%.2f", median)) ms, p99 \(String(format: "%.2f", p99)) ms, max \(String(format: "%.2f", ms.last!)) ms")
        // Bounds with room for a loaded CI machine; typical values are ~1 ms.
        #expect(median < 100)
        #expect(p99 < 1000)
    }

    @Test("SIGTERM and SIGINT: everything read is redacted and written, exit 0", arguments: [SIGTERM, SIGINT])
    func stopSignalDrains(signo: Int32) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        var written = (0..<3000).map(SidecarE2E.appLine).joined()
        written += "2026-11-23T06:00:01.000Z INFO seq=999999 partial line for bob@example.com"
        try written.write(toFile: app, atomically: false, encoding: .utf8)
        let oracle = try SidecarE2E.batchRedact(written, in: dir)
        let completeLines = oracle[...oracle.lastIndex(of: "\n")!].utf8.count
        let redact = try Child.start(
            [SidecarE2E.redact, "--follow", app, "--from-start", "--partial-flush-ms", "0", "--output", dir.file("out.log")],
            in: dir)
        // Everything complete is out; the partial last line waits (no timeout) for its newline.
        #expect(eventually { fileSize(dir.file("out.log")) == completeLines })
        redact.signal(signo)
        #expect(redact.wait(timeout: 10) == 0)
        #expect(redact.stderr.isEmpty)
        let output = dir.read("out.log")
        #expect(output.hasSuffix("seq=999999 partial line for [REDACTED:email]"))
        #expect(output == oracle)
    }

    @Test("SIGTERM on a pipe: stops reading, writes everything read, exit 0")
    func stopSignalOnAPipe() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let redact = try Child.start([SidecarE2E.redact, "--output", dir.file("out.log")], in: dir, stdinPipe: true)
        var written = ""
        for i in 0..<500 {
            let line = SidecarE2E.appLine(i)
            written += line
            redact.writeStdin(line)
        }
        // The pipe stays open: only the signal can end the run.
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == 499 })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        redact.closeStdin()
        #expect(dir.read("out.log") == (try SidecarE2E.batchRedact(written, in: dir)))
    }

    @Test("SIGHUP reopens --output: rotation of the redacted file loses nothing")
    func sighupReopensOutput() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        let out = dir.file("out.log")
        appendLine(app, "")
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--output", out], in: dir)
        #expect(waitUntilOpen(redact.pid, app))
        var written = ""
        for i in 0..<100 {
            written += SidecarE2E.appLine(i)
            appendLine(app, SidecarE2E.appLine(i))
        }
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == 99 })
        #expect(rename(out, out + ".1") == 0)
        redact.signal(SIGHUP)
        #expect(eventually { access(out, F_OK) == 0 })
        for i in 100..<200 {
            written += SidecarE2E.appLine(i)
            appendLine(app, SidecarE2E.appLine(i))
        }
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == 199 })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        #expect(redact.stderr.contains("reopened \(out)"))
        #expect(SidecarE2E.sequence(dir.read("out.log.1")) == Array(0..<100))
        #expect(SidecarE2E.sequence(dir.read("out.log")) == Array(100..<200))
        try checkOutput(dir.read("out.log.1") + dir.read("out.log"), written: written, dir: dir)
    }

    @Test("a follower restarted on the same --output appends, never truncates")
    func restartAppends() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        let out = dir.file("out.log")
        appendLine(app, "")
        for round in 0..<2 {
            let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--output", out], in: dir)
            #expect(waitUntilOpen(redact.pid, app))
            appendLine(app, SidecarE2E.appLine(round))
            #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == round })
            redact.signal(SIGTERM)
            #expect(redact.wait(timeout: 10) == 0)
        }
        #expect(SidecarE2E.sequence(dir.read("out.log")) == [0, 1])
    }

    @Test("a closed downstream pipe ends the run with exit 141, no stack trace")
    func brokenPipe() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let fds = cloexecPipe()
        let redact = try Child.start([SidecarE2E.redact, "--follow", app], in: dir, stdoutFD: fds[1])
        close(fds[1])
        close(fds[0])
        #expect(waitUntilOpen(redact.pid, app))
        appendLine(app, SidecarE2E.appLine(1))
        let status = redact.wait(timeout: 10)
        #expect(status == 141)
        #expect(!redact.stderr.contains("Fatal error"))
        #expect(!redact.stderr.contains("@"))
    }

    @Test("a file that does not exist yet is waited for, then read from its start")
    func waitsForTheFile() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("later.log")
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--output", dir.file("out.log")], in: dir)
        usleep(300_000)
        #expect(redact.isRunning)
        let written = (0..<10).map(SidecarE2E.appLine).joined()
        try written.write(toFile: app, atomically: false, encoding: .utf8)
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == 9 })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        #expect(redact.stderr.contains("does not exist yet"))
        try checkOutput(dir.read("out.log"), written: written, dir: dir)
    }

    @Test("usage errors: --follow with input files, --from-start without --follow")
    func usageErrors() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (s1, e1) = try runTool([SidecarE2E.redact, "--follow", "a.log", "b.log"], in: dir)
        #expect(s1 == 64)
        #expect(e1.contains("--follow"))
        let (s2, _) = try runTool([SidecarE2E.redact, "--from-start"], in: dir)
        #expect(s2 == 64)
        let (s3, _) = try runTool([SidecarE2E.redact, "--stats-interval", "0", "--follow", "x"], in: dir)
        #expect(s3 == 64)
    }

    @Test("the arguments of deploy/kubernetes-sidecar.yaml run as they are (paths made private)")
    func kubernetesExampleArguments() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let yaml = try String(contentsOf: SidecarE2E.packageRoot.appendingPathComponent("deploy/kubernetes-sidecar.yaml"),
                              encoding: .utf8)
        // The redact container's `args:` list.
        guard let start = yaml.range(of: "- name: redact") else {
            Issue.record("no redact container in deploy/kubernetes-sidecar.yaml")
            return
        }
        var args: [String] = []
        var inArgs = false
        for line in yaml[start.upperBound...].split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t == "args:" { inArgs = true; continue }
            if inArgs && t.hasPrefix("#") { continue }
            if inArgs && t.hasPrefix("- ") { args.append(String(t.dropFirst(2))); continue }
            if inArgs { break }
        }
        #expect(args.contains { $0.hasPrefix("--follow=") })
        let app = dir.file("app.log")
        let metrics = dir.file("redact.prom")
        args = args.map {
            $0.replacingOccurrences(of: "/var/log/app/app.log", with: app)
                .replacingOccurrences(of: "/var/run/redact/redact.prom", with: metrics)
        }
        let written = (0..<20).map(SidecarE2E.appLine).joined()
        try written.write(toFile: app, atomically: false, encoding: .utf8)
        let redact = try Child.start([SidecarE2E.redact] + args, in: dir)
        #expect(eventually { SidecarE2E.sequence(redact.stdout).last == 19 })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        try checkOutput(redact.stdout, written: written, dir: dir)
        #expect(dir.read("redact.prom").contains("redact_finished 1\n"))
        #expect(redact.stderr.contains("\"event\":\"final\""))
    }

    @Test("--follow --compress: a zstd stream that zstd -d reads back, complete after SIGTERM",
          .enabled(if: SidecarE2E.tool("zstd") != nil, "zstd is not installed (apt-get install zstd)"))
    func followCompressed() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let app = dir.file("app.log")
        appendLine(app, "")
        let out = dir.file("out.log.zst")
        let redact = try Child.start([SidecarE2E.redact, "--follow", app, "--compress", "--output", out], in: dir)
        #expect(waitUntilOpen(redact.pid, app))
        var written = ""
        for i in 0..<300 {
            written += SidecarE2E.appLine(i)
            appendLine(app, SidecarE2E.appLine(i))
        }
        // Idle flush pushes compressed blocks out promptly: the stream so far already decodes.
        #expect(eventually {
            let partial = try? runTool(["/bin/sh", "-c", "zstd -dc < '\(out)' 2>/dev/null | grep -c 'seq=000299'"], in: dir)
            return partial != nil && fileSize(out) > 0 && partial!.0 == 0
        })
        redact.signal(SIGTERM)
        #expect(redact.wait(timeout: 10) == 0)
        let decoded = try Child.start([SidecarE2E.tool("zstd")!, "-dc", out], in: dir)
        #expect(decoded.wait(timeout: 30) == 0)
        try checkOutput(decoded.stdout, written: written, dir: dir)
    }

    @Test("--stats-interval on a plain file run: the final line counts input bytes")
    func statsOnAFileRun() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let input = dir.file("in.log")
        let written = (0..<100).map(SidecarE2E.appLine).joined()
        try written.write(toFile: input, atomically: false, encoding: .utf8)
        let run = try Child.start([SidecarE2E.redact, input, "--stats-interval", "60", "--output", dir.file("out.log")], in: dir)
        #expect(run.wait(timeout: 60) == 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        let final = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
        #expect(final?["event"] as? String == "final")
        #expect(final?["input_bytes"] as? Int == written.utf8.count)
        #expect(final?["lines"] as? Int == 100)
        #expect(final?["lag_bytes"] == nil)
        try checkOutput(dir.read("out.log"), written: written, dir: dir)
    }
}
