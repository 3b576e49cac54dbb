// Common Billing — StoreKit outcomes → the shared error catalog, in one place (the iOS counterpart
// of GooglePlayErrors.java). nativeCode is the StoreKit case name; the message is "App Store: <name>".
import Foundation
import StoreKit

enum CBStoreKitErrors {
    static func make(_ code: String, _ name: String, retryable: Bool) -> CBBridgeError {
        CBBridgeError(code: code, message: "App Store: \(name)", retryable: retryable, nativeCode: name)
    }

    static let userCancelled = make("USER_CANCELED", "userCancelled", retryable: false)
    static let productUnavailable = make("UNKNOWN_PRODUCT", "productUnavailable", retryable: false)
    static let unknownOutcome = make("STORE_ERROR", "unknownPurchaseResult", retryable: true)
    static let unverified = CBBridgeError(code: "RECEIPT_SIGNATURE_INVALID", message: "StoreKit could not verify the transaction; it was left out.",
                                          retryable: false, nativeCode: "unverified")
    static let notUnfinished = CBBridgeError(code: "ITEM_NOT_OWNED", message: "No unfinished transaction has this id.", retryable: false, nativeCode: nil)

    @available(iOS 15.0, *)
    static func map(_ error: Error) -> CBBridgeError {
        if let known = error as? CBBridgeError { return known }
        if let storeKit = error as? StoreKitError {
            switch storeKit {
            case .userCancelled: return userCancelled
            case .networkError: return make("STORE_UNAVAILABLE", "networkError", retryable: true)
            case .systemError: return make("STORE_ERROR", "systemError", retryable: true)
            case .unknown: return make("STORE_ERROR", "unknown", retryable: true)
            default: return make("STORE_ERROR", caseName(storeKit), retryable: false)  // notAvailableInStorefront, notEntitled, …
            }
        }
        if let purchase = error as? Product.PurchaseError {
            switch purchase {
            case .productUnavailable: return productUnavailable
            case .purchaseNotAllowed: return make("FORBIDDEN", "purchaseNotAllowed", retryable: false)
            case .invalidQuantity: return make("BAD_REQUEST", "invalidQuantity", retryable: false)
            default: return make("BAD_REQUEST", caseName(purchase), retryable: false)  // offer parameter errors
            }
        }
        return make("STORE_ERROR", caseName(error), retryable: true)
    }

    /// "networkError(…)" → "networkError": a stable name without the payload.
    static func caseName(_ error: Error) -> String {
        let text = String(describing: error)
        return String(text.prefix { $0 != "(" && $0 != " " })
    }
}
