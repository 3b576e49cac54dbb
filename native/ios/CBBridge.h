// Common Billing — iOS entry point. Registers the StoreKit 2 bridge with Cocos' JsbBridgeWrapper.
#import <Foundation/Foundation.h>

NS_ASSUME_NONNULL_BEGIN

/** Sends one message to script: event name and JSON string. */
typedef void (^CBScriptSend)(NSString *event, NSString *arg);

/**
 * What the Swift side (CBStoreKitBridge.swift, class name "CBStoreKitBridge") answers to. Declared
 * here and looked up by name so that this file needs no generated "<Module>-Swift.h" header.
 */
@protocol CBScriptBridge <NSObject>
- (instancetype)initWithSend:(CBScriptSend)send;
- (void)onRequest:(nullable NSString *)arg;
@end

@interface CBBridge : NSObject
/**
 * Creates the Swift bridge and starts StoreKit's Transaction.updates listener; runs by itself when
 * the app finishes launching (+load observes UIApplicationDidFinishLaunchingNotification). Idempotent.
 * @return NO when the Swift class is missing from the app target.
 */
+ (BOOL)startStoreKit;
/**
 * Call once on the main thread after the engine started (e.g. from AppDelegate, or from script via
 * native.reflection.callStaticMethod('CBBridge', 'registerBridge')). Idempotent.
 * @return NO when the Swift class is missing from the app target.
 */
+ (BOOL)registerBridge;
@end

NS_ASSUME_NONNULL_END
