// Common Billing — the App Store market on StoreKit 2 (iOS 15+). The receipt is the transaction's
// JWS (`jwsRepresentation`, reported as {signedTransaction}); the billing server verifies it.
// Swift 6 strict concurrency: the market is confined to the main actor (StoreKit's purchase UI needs
// it, and the bridge answers script there); StoreKit's async sequences are iterated from it.
import Foundation
import StoreKit
import UIKit

/// A promotional offer the server signed (Apple's subscription offer key never reaches the device).
struct CBPromotionalOffer {
    let offerId: String
    let keyId: String
    let nonce: UUID
    let signature: Data
    let timestamp: Int
}

@available(iOS 15.0, *)
@MainActor
final class CBStoreKitMarket {
    typealias Events = @MainActor (_ purchases: [[String: Any]], _ error: CBBridgeError?) -> Void

    private let events: Events
    private var updates: Task<Void, Never>?
    /// Verified transactions not finished yet, by id: finish() needs the Transaction itself.
    private var unfinished: [UInt64: Transaction] = [:]
    /// What Transaction.updates delivered before script connected (Ask to Buy approvals, renewals,
    /// promoted purchases at launch); sent right after the connect answer.
    private var queued: [(purchases: [[String: Any]], error: CBBridgeError?)] = []
    private var scriptListens = false

    init(events: @escaping Events) {
        self.events = events
    }

    /// Starts the Transaction.updates listener once, at app launch (CBBridge.mm calls it when the app
    /// finishes launching, as Apple asks): transactions that arrive before script listens are queued.
    func startListening() {
        guard updates == nil else { return }
        updates = Task { @MainActor [weak self] in
            for await result in Transaction.updates {
                guard let self = self else { return }
                if let purchase = self.remember(result) {
                    self.deliver([purchase], nil)
                } else {
                    self.deliver([], CBStoreKitErrors.unverified)
                }
            }
        }
    }

    func connect() -> [String: Any] {
        startListening()
        return ["connected": true]
    }

    /// Script listens from now on (called right after the connect answer went out): what was queued
    /// since launch is sent now, in arrival order, and later updates go straight through.
    func scriptConnected() {
        guard !scriptListens else { return }
        scriptListens = true
        let pending = queued
        queued = []
        for item in pending { events(item.purchases, item.error) }
    }

    private func deliver(_ purchases: [[String: Any]], _ error: CBBridgeError?) {
        if scriptListens { events(purchases, error) } else { queued.append((purchases, error)) }
    }

    func queryProducts(ids: [String], type: String) async throws -> [String: Any] {
        let products = try await Product.products(for: ids)
        var byId: [String: Product] = [:]
        for product in products { byId[product.id] = product }
        var out: [[String: Any]] = []
        for product in ids.compactMap({ byId[$0] }) {
            var native = Self.nativeProduct(product, type: type)
            if let subscription = product.subscription {
                native["subscriptionGroup"] = subscription.subscriptionGroupID
                native["subscriptionOffers"] = await Self.subscriptionOffers(product, subscription)
            }
            out.append(native)
        }
        return ["products": out]
    }

    /// Product.SubscriptionInfo as the protocol lists it: the standard price, the introductory offer (with
    /// isEligibleForIntroOffer: StoreKit applies it by itself when the player is eligible) and the
    /// promotional offers (bought with a server signature, Product.PurchaseOption.promotionalOffer).
    static func subscriptionOffers(_ product: Product, _ info: Product.SubscriptionInfo) async -> [[String: Any]] {
        let base = phase(product.displayPrice, product.price, info.subscriptionPeriod, cycles: 0, currency: product.priceFormatStyle.currencyCode)
        var out: [[String: Any]] = [["offerId": NSNull(), "kind": "base", "freeTrial": false, "pricingPhases": [base]]]
        if let intro = info.introductoryOffer {
            var offer = offerJson(intro, kind: "introductory", base: base, currency: product.priceFormatStyle.currencyCode)
            offer["eligible"] = await info.isEligibleForIntroOffer
            out.append(offer)
        }
        for promo in info.promotionalOffers {
            out.append(offerJson(promo, kind: "promotional", base: base, currency: product.priceFormatStyle.currencyCode))
        }
        return out
    }

    static func offerJson(_ o: Product.SubscriptionOffer, kind: String, base: [String: Any], currency: String) -> [String: Any] {
        let first = phase(o.displayPrice, o.price, o.period, cycles: o.periodCount, currency: currency)
        return ["offerId": o.id.map { $0 as Any } ?? NSNull(), "kind": kind, "freeTrial": o.paymentMode == .freeTrial, "pricingPhases": [first, base]]
    }

    static func phase(_ display: String, _ price: Decimal, _ period: Product.SubscriptionPeriod, cycles: Int, currency: String) -> [String: Any] {
        let micros = NSDecimalNumber(decimal: price * 1_000_000).int64Value
        let unit: String
        switch period.unit {
        case .day: unit = "D"
        case .week: unit = "W"
        case .month: unit = "M"
        case .year: unit = "Y"
        @unknown default: unit = "D"
        }
        return ["formattedPrice": display, "priceMicros": micros, "currency": currency, "billingPeriod": "P\(period.value)\(unit)", "cycles": cycles]
    }

    /// AppStore.showManageSubscriptions(in:): the App Store's own sheet for this app's subscriptions.
    func manageSubscriptions() async throws -> [String: Any] {
        let scenes = UIApplication.shared.connectedScenes.compactMap { $0 as? UIWindowScene }
        guard let scene = scenes.first(where: { $0.activationState == .foregroundActive }) ?? scenes.first else {
            throw CBBridgeError.notReady
        }
        try await AppStore.showManageSubscriptions(in: scene)
        return [:]
    }

    /// `appAccountToken` is a UUID here (CBStoreKitBridge.check refuses anything else before this runs):
    /// the server's reservation binds the purchase through it (DESIGN.md §2 step 3).
    func launchPurchase(productId: String, quantity: Int, appAccountToken: UUID, promotionalOffer: CBPromotionalOffer?) async throws -> [String: Any] {
        guard let product = try await Product.products(for: [productId]).first else {
            throw CBStoreKitErrors.productUnavailable
        }
        var options: Set<Product.PurchaseOption> = [.quantity(quantity), .appAccountToken(appAccountToken)]
        if let offer = promotionalOffer {
            options.insert(.promotionalOffer(offerID: offer.offerId, keyID: offer.keyId, nonce: offer.nonce,
                                             signature: offer.signature, timestamp: offer.timestamp))
        }
        switch try await product.purchase(options: options) {
        case .success(let result):
            guard let purchase = remember(result) else { throw CBStoreKitErrors.unverified }
            return ["purchases": [purchase]]
        case .userCancelled:
            throw CBStoreKitErrors.userCancelled
        case .pending:
            return ["purchases": [] as [Any]]  // arrives later through Transaction.updates
        @unknown default:
            throw CBStoreKitErrors.unknownOutcome
        }
    }

    /// Unfinished transactions (not acknowledged: the SDK delivers and finishes them) and the user's
    /// current entitlements that are already finished (non-consumables, active subscriptions:
    /// `acknowledged: true`, so restore re-grants them after a reinstall or on a new device). An
    /// explicit restore (`sync`) first runs AppStore.sync(), which may ask the player to sign in.
    func queryPurchases(type: String, sync: Bool) async throws -> [String: Any] {
        if sync { try await AppStore.sync() }
        var out: [[String: Any]] = []
        var listed = Set<UInt64>()
        for await result in Transaction.unfinished {
            guard case .verified(let transaction) = result, Self.matches(transaction.productType, type) else { continue }
            if let purchase = remember(result) {
                out.append(purchase)
                listed.insert(transaction.id)
            }
        }
        for await result in Transaction.currentEntitlements {
            guard case .verified(let transaction) = result, Self.matches(transaction.productType, type),
                  !listed.contains(transaction.id) else { continue }
            out.append(Self.nativePurchase(transaction, jws: result.jwsRepresentation, finished: true))
        }
        return ["purchases": out]
    }

    func finish(transactionId: String) async throws -> [String: Any] {
        guard let id = UInt64(transactionId) else { throw CBStoreKitErrors.notUnfinished }
        if unfinished[id] == nil {
            for await result in Transaction.unfinished { _ = remember(result) }
        }
        guard let transaction = unfinished.removeValue(forKey: id) else { throw CBStoreKitErrors.notUnfinished }
        await transaction.finish()
        return [:]
    }

    /// Keeps verified transactions for finish(); unverified ones are left out (fail closed).
    private func remember(_ result: VerificationResult<Transaction>) -> [String: Any]? {
        guard case .verified(let transaction) = result else { return nil }
        unfinished[transaction.id] = transaction
        return Self.nativePurchase(transaction, jws: result.jwsRepresentation, finished: false)
    }

    /// `finished` is reported as `acknowledged`: a finished transaction has nothing left to close.
    static func nativePurchase(_ t: Transaction, jws: String, finished: Bool) -> [String: Any] {
        var purchase: [String: Any] = [
            "productId": t.productID,
            "transactionId": String(t.id),
            "purchaseToken": String(t.id),
            "nativeState": t.revocationDate == nil ? "purchased" : "revoked",
            "quantity": t.purchasedQuantity,
            "acknowledged": finished,
            "purchaseTime": Int64((t.purchaseDate.timeIntervalSince1970 * 1000).rounded()),
            // A renewal or an in-group change carries the first transaction's id here (the SDK does not deliver it again).
            "originalTransactionId": String(t.originalID),
            "receipt": ["signedTransaction": jws],
        ]
        if let token = t.appAccountToken { purchase["appAccountToken"] = token.uuidString.lowercased() }
        return purchase
    }

    static func nativeProduct(_ p: Product, type: String) -> [String: Any] {
        let micros = NSDecimalNumber(decimal: p.price * 1_000_000).int64Value
        return ["productId": p.id, "type": type, "title": p.displayName, "description": p.description,
                "formattedPrice": p.displayPrice, "priceMicros": micros, "currency": p.priceFormatStyle.currencyCode]
    }

    static func matches(_ productType: Product.ProductType, _ type: String) -> Bool {
        switch type {
        case "consumable": return productType == .consumable
        case "non-consumable": return productType == .nonConsumable
        default: return productType == .autoRenewable || productType == .nonRenewable
        }
    }
}
