// swift-tools-version: 6.1
// An example service that uses swift-redact in-process: it redacts payloads with the library and
// logs through the redacting swift-log handler. It depends on the repository by path, and CI builds
// and runs it, so it cannot rot.
import Foundation
import PackageDescription

// A path dependency is named after its directory, which depends on where the repository is cloned.
let redact = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "support-service",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(name: "support-service", dependencies: [
            .product(name: "Redact", package: redact),
            .product(name: "RedactLogging", package: redact),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
