// Common Billing — the App Store market on StoreKit 2 (iOS 15+). The receipt is the transaction's
// JWS (`jwsRepresentation`, reported as {signedTransaction}); the billing server verifies it.
import Foundation
import StoreKit

@available(iOS 15.0, *)
@MainActor
final class CBStoreKitMarket {
    typealias Events = (_ purchases: [[String: Any]], _ error: CBBridgeError?) -> Void

    private let events: Events
    private var updates: Task<Void, Never>?
    /// Verified transactions not finished yet, by id: finish() needs the Transaction itself.
    private var unfinished: [UInt64: Transaction] = [:]

    init(events: @escaping Events) {
        self.events = events
    }

    /// Starts the Transaction.updates listener once: Ask to Buy approvals, purchases made on another
    /// device or interrupted by a crash arrive there and become purchasesUpdated events.
    func connect() -> [String: Any] {
        if updates == nil {
            updates = Task { [weak self] in
                for await result in Transaction.updates {
                    guard let self = self else { return }
                    if let purchase = self.remember(result) {
                        self.events([purchase], nil)
                    } else {
                        self.events([], CBStoreKitErrors.unverified)
                    }
                }
            }
        }
        return ["connected": true]
    }

    func queryProducts(ids: [String], type: String) async throws -> [String: Any] {
        let products = try await Product.products(for: ids)
        var byId: [String: Product] = [:]
        for product in products { byId[product.id] = product }
        return ["products": ids.compactMap { byId[$0] }.map { Self.nativeProduct($0, type: type) }]
    }

    func launchPurchase(productId: String, quantity: Int, appAccountToken: String) async throws -> [String: Any] {
        guard let product = try await Product.products(for: [productId]).first else {
            throw CBStoreKitErrors.productUnavailable
        }
        var options: Set<Product.PurchaseOption> = [.quantity(quantity)]
        // The server's reservation binds the purchase through this UUID (DESIGN.md §2 step 3).
        if let token = UUID(uuidString: appAccountToken) { options.insert(.appAccountToken(token)) }
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

    func queryPurchases(type: String) async -> [String: Any] {
        var out: [[String: Any]] = []
        for await result in Transaction.unfinished {
            guard case .verified(let transaction) = result, Self.matches(transaction.productType, type) else { continue }
            if let purchase = remember(result) { out.append(purchase) }
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
        return Self.nativePurchase(transaction, jws: result.jwsRepresentation)
    }

    static func nativePurchase(_ t: Transaction, jws: String) -> [String: Any] {
        var purchase: [String: Any] = [
            "productId": t.productID,
            "transactionId": String(t.id),
            "purchaseToken": String(t.id),
            "nativeState": t.revocationDate == nil ? "purchased" : "revoked",
            "quantity": t.purchasedQuantity,
            "acknowledged": false,
            "purchaseTime": Int64((t.purchaseDate.timeIntervalSince1970 * 1000).rounded()),
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
