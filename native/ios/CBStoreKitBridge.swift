// Common Billing — the iOS side of the bridge protocol (DESIGN.md §5, protocol/bridge.ts).
// Parses `commonbilling:request`, checks params exactly like the Android dispatcher (same messages,
// see tests/fixtures/bridge), routes to the StoreKit 2 market and answers `commonbilling:response`.
// CBBridge.mm creates this class by name when the app finishes launching (init(send:) starts the
// StoreKit Transaction.updates listener at once) and calls onRequest(_:) once script registered.
// Swift 6 strict concurrency: everything here runs on the main actor (ObjC calls it on the main thread).
import Foundation

/// A failure answered to script as {code, message, retryable, nativeCode?}; code is a catalog code.
struct CBBridgeError: Error, Sendable {
    let code: String
    let message: String
    let retryable: Bool
    let nativeCode: String?

    static func badRequest(_ message: String) -> CBBridgeError {
        CBBridgeError(code: "BAD_REQUEST", message: message, retryable: false, nativeCode: nil)
    }

    static let notReady = CBBridgeError(code: "STORE_NOT_READY", message: "Call connect first.", retryable: true, nativeCode: nil)

    var json: [String: Any] {
        var body: [String: Any] = ["code": code, "message": message, "retryable": retryable]
        if let nativeCode = nativeCode { body["nativeCode"] = nativeCode }
        return body
    }
}

@objc(CBStoreKitBridge)
@MainActor
public final class CBStoreKitBridge: NSObject {
    static let responseEvent = "commonbilling:response"
    static let eventEvent = "commonbilling:event"
    static let marketId = "app-store"
    static let methods: Set<String> = ["connect", "queryProducts", "launchPurchase", "queryPurchases", "consume", "acknowledge", "finish",
                                       "manageSubscriptions"]
    /// protocol/bridge.ts ReplacementMode: checked like Android does, though StoreKit has no use for it.
    static let replacementModes: Set<String> = ["with-time-proration", "charge-prorated-price", "charge-full-price", "without-proration", "deferred"]
    static let productTypes: Set<String> = ["consumable", "non-consumable", "subscription"]

    private let send: (String, String) -> Void
    /// The CBStoreKitMarket (typed AnyObject: the market needs iOS 15, this class does not).
    private var market: AnyObject?
    private var connected = false

    /// Also starts the Transaction.updates listener (iOS 15+): CBBridge.mm creates the bridge when the
    /// app finishes launching, so transactions that arrive before script connects are queued, not missed.
    @objc public init(send: @escaping (String, String) -> Void) {
        self.send = send
        super.init()
        if #available(iOS 15.0, *) { storeKit().startListening() }
    }

    /// The one StoreKit market of this app, created at launch.
    @available(iOS 15.0, *)
    private func storeKit() -> CBStoreKitMarket {
        if let existing = market as? CBStoreKitMarket { return existing }
        let created = CBStoreKitMarket(events: { [weak self] purchases, error in
            var event: [String: Any] = ["type": "purchasesUpdated", "purchases": purchases]
            if let error = error { event["error"] = error.json }
            self?.emit(Self.eventEvent, event)
        })
        market = created
        return created
    }

    /// Called on the main thread (script runs there); store work continues in Swift concurrency.
    @objc public func onRequest(_ arg: String?) {
        guard let data = arg?.data(using: .utf8),
              let request = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return answer("", .failure(.badRequest("The request is not a JSON object.")))
        }
        guard let id = request["id"] as? String else {
            return answer("", .failure(.badRequest("The request has no string id.")))
        }
        guard let method = request["method"] as? String, Self.methods.contains(method) else {
            return answer(id, .failure(.badRequest("Unknown method: \(request["method"].map { "\($0)" } ?? "null").")))
        }
        let params: [String: Any]
        do {
            params = try Self.check(method, request["params"])
        } catch {
            return answer(id, .failure(error as? CBBridgeError ?? .badRequest("Invalid params for \(method).")))
        }
        // StoreKit 2 and Swift concurrency: the market exists from iOS 15 on (older targets still build).
        guard #available(iOS 15.0, *) else {
            return answer(id, .failure(CBBridgeError(code: "MARKET_NOT_ON_PLATFORM", message: "StoreKit 2 needs iOS 15 or later.",
                                                     retryable: false, nativeCode: nil)))
        }
        Task { @MainActor in
            do {
                let result = try await self.route(method, params)
                self.answer(id, .success(result))
                // The connect answer reaches script before the transactions queued since launch.
                if method == "connect", let storeKit = self.market as? CBStoreKitMarket { storeKit.scriptConnected() }
            } catch {
                self.answer(id, .failure(CBStoreKitErrors.map(error)))
            }
        }
    }

    @available(iOS 15.0, *)
    @MainActor
    private func route(_ method: String, _ p: [String: Any]) async throws -> [String: Any] {
        if method == "connect" {
            let name = p["market"] as? String ?? ""
            guard name == Self.marketId else {
                throw CBBridgeError(code: "UNKNOWN_MARKET", message: "This bridge has no market named \(name).", retryable: false, nativeCode: nil)
            }
            connected = true
            return storeKit().connect()
        }
        guard connected, let storeKit = market as? CBStoreKitMarket else { throw CBBridgeError.notReady }
        switch method {
        case "queryProducts":
            return try await storeKit.queryProducts(ids: p["productIds"] as? [String] ?? [], type: p["type"] as? String ?? "")
        case "launchPurchase":
            guard let token = UUID(uuidString: p["appAccountToken"] as? String ?? "") else {
                throw CBBridgeError.badRequest("Invalid params for launchPurchase: appAccountToken must be a UUID.")
            }
            // `replace` needs nothing here: buying another product of the same subscription group is
            // StoreKit's upgrade, downgrade or crossgrade (the App Store decides when it takes effect).
            return try await storeKit.launchPurchase(productId: p["productId"] as? String ?? "",
                                                     quantity: (p["quantity"] as? NSNumber)?.intValue ?? 1,
                                                     appAccountToken: token,
                                                     promotionalOffer: try Self.promotionalOffer(p["promotionalOffer"]))
        case "queryPurchases":
            return try await storeKit.queryPurchases(type: p["type"] as? String ?? "", sync: (p["sync"] as? Bool) ?? false)
        case "finish":
            return try await storeKit.finish(transactionId: p["transactionId"] as? String ?? "")
        case "manageSubscriptions":
            return try await storeKit.manageSubscriptions()
        default:
            throw CBBridgeError.badRequest("\(method) is not supported by app-store; use finish.")
        }
    }

    /// The protocol's params schema (BridgeMethods), with the Android dispatcher's messages.
    static func check(_ method: String, _ value: Any?) throws -> [String: Any] {
        func invalid(_ what: String) -> CBBridgeError { .badRequest("Invalid params for \(method): \(what).") }
        guard let p = value as? [String: Any] else { throw invalid("params must be an object") }
        func string(_ field: String) throws {
            if !(p[field] is String) { throw invalid("\(field) must be a string") }
        }
        func productType() throws {
            guard let type = p["type"] as? String, productTypes.contains(type) else {
                throw invalid("type must be consumable, non-consumable or subscription")
            }
        }
        switch method {
        case "connect":
            try string("market")
            // iOS needs no market key (StoreKit verifies its own JWS); a sealed key, if sent, is ignored.
            if p["marketKey"] != nil && !(p["marketKey"] is [String: Any]) { throw invalid("marketKey must be an object") }
        case "queryProducts":
            guard let ids = p["productIds"] as? [Any], ids.allSatisfy({ $0 is String }) else {
                throw invalid("productIds must be an array of strings")
            }
            try productType()
        case "launchPurchase":
            try string("productId")
            try productType()
            guard let n = p["quantity"] as? NSNumber, CFGetTypeID(n) != CFBooleanGetTypeID(),
                  n.doubleValue.rounded() == n.doubleValue, n.int64Value >= 1 else {
                throw invalid("quantity must be an integer of at least 1")
            }
            for field in ["accountId", "profileId", "developerPayload", "appAccountToken"] { try string(field) }
            for field in ["offerId", "basePlanId"] where p[field] != nil { try string(field) }
            if p["promotionalOffer"] != nil { _ = try promotionalOffer(p["promotionalOffer"]) }
            if let replace = p["replace"] {
                guard let r = replace as? [String: Any], r["purchaseToken"] is String, let mode = r["mode"] as? String,
                      replacementModes.contains(mode) else { throw invalid("replace must be {purchaseToken, mode}") }
            }
            // StoreKit binds the purchase through this UUID: anything else would silently unbind it.
            if UUID(uuidString: p["appAccountToken"] as? String ?? "") == nil { throw invalid("appAccountToken must be a UUID") }
        case "queryPurchases":
            try productType()
            if p["sync"] != nil && !(p["sync"] is Bool) { throw invalid("sync must be a boolean") }
        case "consume", "acknowledge":
            try string("purchaseToken")
        case "manageSubscriptions":
            if p["productId"] != nil { try string("productId") }
        default:
            try string("transactionId")
        }
        return p
    }

    /// A promotional offer as the server signed it (protocol SignedPromotionalOffer), or nil when none was sent.
    static func promotionalOffer(_ value: Any?) throws -> CBPromotionalOffer? {
        guard let value = value else { return nil }
        let invalid = CBBridgeError.badRequest("Invalid params for launchPurchase: promotionalOffer must be {offerId, keyId, nonce (UUID), signature (base64), timestamp}.")
        guard let o = value as? [String: Any], let offerId = o["offerId"] as? String, let keyId = o["keyId"] as? String,
              let nonce = UUID(uuidString: o["nonce"] as? String ?? ""), let signature = Data(base64Encoded: o["signature"] as? String ?? ""),
              let timestamp = (o["timestamp"] as? NSNumber)?.intValue else { throw invalid }
        return CBPromotionalOffer(offerId: offerId, keyId: keyId, nonce: nonce, signature: signature, timestamp: timestamp)
    }

    private func answer(_ id: String, _ outcome: Result<[String: Any], CBBridgeError>) {
        switch outcome {
        case .success(let result): emit(Self.responseEvent, ["id": id, "ok": true, "result": result])
        case .failure(let error): emit(Self.responseEvent, ["id": id, "ok": false, "error": error.json])
        }
    }

    private func emit(_ event: String, _ body: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: body),
              let text = String(data: data, encoding: .utf8) else { return }
        send(event, text)
    }
}
