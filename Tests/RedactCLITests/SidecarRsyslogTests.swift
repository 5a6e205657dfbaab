// End to end with a real log shipper: rsyslogd (foreground, private config, loopback TCP input)
// pipes every message through `redact` with omprog, using deploy/rsyslog-redact.conf itself.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let rsyslogd = SidecarE2E.tool("rsyslogd")
private let omprogAvailable: Bool = {
    ["/usr/lib/x86_64-linux-gnu/rsyslog/omprog.so", "/usr/lib/aarch64-linux-gnu/rsyslog/omprog.so",
     "/usr/lib/rsyslog/omprog.so", "/usr/lib64/rsyslog/omprog.so"].contains { FileManager.default.fileExists(atPath: $0) }
}()

/// A free TCP port on 127.0.0.1 (bound to port 0, read back, released).
private func freeLoopbackPort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
    }
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
    }
    return UInt16(bigEndian: addr.sin_port)
}

/// A TCP connection to 127.0.0.1:port, or nil.
private func connectLoopback(_ port: UInt16) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = port.bigEndian
    let rc = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if rc != 0 {
        close(fd)
        return nil
    }
    return fd
}

private func sendAll(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
        if n < 0 && errno == EINTR { continue }
        precondition(n > 0, "send failed: errno \(errno)")
        done += n
    }
}

@Suite("Sidecar: rsyslog omprog pipes through redact", .serialized)
struct SidecarRsyslogTests {
    @Test("rsyslog → omprog → redact: no line lost, none duplicated, none unredacted; HUP reopens the output",
          .enabled(if: rsyslogd != nil && omprogAvailable,
                   "rsyslogd with omprog is not installed (apt-get install rsyslog); this test did not run"))
    func rsyslogOmprog() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let port = freeLoopbackPort()
        let out = dir.file("out.log")

        // The shipped configuration, with private paths and port.
        var conf = try String(contentsOf: SidecarE2E.packageRoot.appendingPathComponent("deploy/rsyslog-redact.conf"),
                              encoding: .utf8)
        let substitutions = [
            ("workDirectory=\"/var/spool/rsyslog\"", "workDirectory=\"\(dir.path)\""),
            ("port=\"10514\"", "port=\"\(port)\""),
            ("binary=\"/usr/local/bin/redact --output /var/log/redacted/app.log\"",
             "binary=\"\(SidecarE2E.redact) --output \(out)\""),
            ("output=\"/var/log/redacted/redact-messages.log\"", "output=\"\(dir.file("redact-messages.log"))\""),
        ]
        for (from, to) in substitutions {
            #expect(conf.contains(from), "deploy/rsyslog-redact.conf no longer contains \(from)")
            conf = conf.replacingOccurrences(of: from, with: to)
        }
        let confPath = dir.file("rsyslog.conf")
        try conf.write(toFile: confPath, atomically: true, encoding: .utf8)

        let (checkStatus, checkErr) = try runTool([rsyslogd!, "-N1", "-f", confPath], in: dir)
        #expect(checkStatus == 0, "rsyslogd rejects the configuration: \(checkErr)")

        let daemon = try Child.start([rsyslogd!, "-n", "-f", confPath, "-i", dir.file("rsyslogd.pid")], in: dir)
        defer {
            if daemon.isRunning {
                daemon.signal(SIGKILL)
                daemon.wait(timeout: 5)
            }
        }
        var connection: Int32?
        #expect(eventually(15) {
            connection = connectLoopback(port)
            return connection != nil
        }, "rsyslogd did not listen on 127.0.0.1:\(port): \(daemon.stderr)")
        guard let fd = connection else { return }

        let total = 2000
        func message(_ i: Int) -> String {
            // RFC 5424: PRI VERSION TIMESTAMP HOST APP PROCID MSGID SD MSG
            "<14>1 2026-11-23T06:00:00.000Z web-1 app 4242 - - " + SidecarE2E.appLine(i)
        }
        var written = ""
        for i in 0..<(total / 2) {
            sendAll(fd, message(i))
            written += SidecarE2E.appLine(i)
        }
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == total / 2 - 1 },
                "rsyslog/redact did not deliver the first half: \(daemon.stderr)")

        // Rotate the redacted output: rename, then HUP rsyslogd, which passes it on to redact.
        // The signal and the messages travel separately (rsyslog may forward the HUP when its
        // action next runs), so one message goes first and the rest once redact has reopened:
        // whatever was written before the reopen is in the renamed file, nothing is lost.
        #expect(rename(out, out + ".1") == 0)
        daemon.signal(SIGHUP)
        sendAll(fd, message(total / 2))
        written += SidecarE2E.appLine(total / 2)
        #expect(eventually { dir.read("redact-messages.log").contains("reopened") },
                "redact did not report reopening its output after HUP")
        for i in (total / 2 + 1)..<total {
            sendAll(fd, message(i))
            written += SidecarE2E.appLine(i)
        }
        close(fd)
        #expect(eventually { SidecarE2E.sequence(dir.read("out.log")).last == total - 1 },
                """
                redact did not reopen its output after HUP, or lines are missing: \
                \(SidecarE2E.sequence(dir.read("out.log.1")).count) lines in the renamed file, \
                \(SidecarE2E.sequence(dir.read("out.log")).count) in the new one; \
                redact said: \(dir.read("redact-messages.log")); rsyslogd said: \(daemon.stderr)
                """)

        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: 20) == 0)
        // redact's own exit: omprog closed its input, it wrote everything and exited; no
        // process of it is left behind.
        #expect(eventually(10) { !processExists(named: "redact", withArgument: out) })

        let first = dir.read("out.log.1")
        let second = dir.read("out.log")
        #expect(!first.isEmpty && !second.isEmpty)
        let output = first + second
        #expect(SidecarE2E.sequence(output) == Array(0..<total), "lines lost, duplicated or out of order")
        for pii in SidecarE2E.rawPII { #expect(!output.contains(pii), "raw PII in the output") }
        #expect(output == (try SidecarE2E.batchRedact(written, in: dir)))
        #expect(dir.read("redact-messages.log").contains("reopened"))
    }
}

/// True if a process whose command line has `name` as its program and contains `argument` runs.
private func processExists(named name: String, withArgument argument: String) -> Bool {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
    for pid in entries where pid.allSatisfy(\.isNumber) {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
        let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        if let first = args.first, first.hasSuffix("/" + name), args.contains(argument) { return true }
    }
    return false
}
