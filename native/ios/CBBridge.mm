// Common Billing — the ObjC++ glue between Cocos' JsbBridgeWrapper and the Swift StoreKit 2 bridge.
//
// Compile this file WITHOUT ARC (the Cocos iOS templates set no -fobjc-arc): JsbBridgeWrapper.mm is
// manual retain/release and its addScriptEventListener: releases the listener it is given, so the
// caller hands over one reference (COCOS.md §3). Blocks are therefore copied explicitly here.
//
// Threads: the engine runs script on the main thread and -dispatchEventToScript: calls into script
// synchronously, so every message to script is delivered on the main queue.
#import "CBBridge.h"

#import <dispatch/dispatch.h>

#include "platform/apple/JsbBridgeWrapper.h"

static NSString *const kRequestEvent = @"commonbilling:request";

/** The Swift bridge; created once (at app launch) and kept for the life of the app. */
static id<CBScriptBridge> gBridge = nil;
/** Whether the script listener is registered with JsbBridgeWrapper (once). */
static BOOL gScriptListening = NO;

/**
 * The value of UIKit's UIApplicationDidFinishLaunchingNotification, by name so that this file needs
 * no UIKit import (and stays checkable against GNUstep).
 */
static NSString *const kDidFinishLaunching = @"UIApplicationDidFinishLaunchingNotification";

@implementation CBBridge

/**
 * Apple asks apps to listen to Transaction.updates from launch: the Swift bridge is created (and its
 * listener started) as soon as the app finishes launching, before script runs. What StoreKit delivers
 * until script connects is queued on the Swift side.
 */
+ (void)load {
    [[NSNotificationCenter defaultCenter] addObserverForName:kDidFinishLaunching
                                                      object:nil
                                                       queue:[NSOperationQueue mainQueue]
                                                  usingBlock:^(NSNotification *note) {
        (void)note;
        [CBBridge startStoreKit];
    }];
}

+ (BOOL)startStoreKit {
    NSAssert([NSThread isMainThread], @"CBBridge must start on the main thread");
    if (gBridge != nil) {
        return YES;
    }
    Class swiftBridge = NSClassFromString(@"CBStoreKitBridge");
    if (swiftBridge == Nil || ![swiftBridge instancesRespondToSelector:@selector(initWithSend:)]) {
        NSLog(@"CommonBilling: CBStoreKitBridge.swift is not in the app target");
        return NO;
    }

    CBScriptSend send = ^(NSString *event, NSString *arg) {
        // Copies outlive this call; the block that delivers them releases them.
        NSString *eventCopy = [event copy];
        NSString *argCopy = [arg copy];
        void (^deliver)(void) = ^{
            [[JsbBridgeWrapper sharedInstance] dispatchEventToScript:eventCopy arg:argCopy];
            [eventCopy release];
            [argCopy release];
        };
        if ([NSThread isMainThread]) {
            deliver();
        } else {
            dispatch_async(dispatch_get_main_queue(), deliver);  // dispatch_async copies the block
        }
    };
    // The Swift initializer keeps its own (ARC) reference to the heap copy it makes of `send`, and
    // starts the Transaction.updates listener. Nothing is sent to script before it connects.
    gBridge = (id<CBScriptBridge>)[[swiftBridge alloc] initWithSend:send];
    return YES;
}

+ (BOOL)registerBridge {
    NSAssert([NSThread isMainThread], @"CBBridge must be registered on the main thread");
    if (![CBBridge startStoreKit]) {
        return NO;
    }
    if (gScriptListening) {
        return YES;
    }
    gScriptListening = YES;
    // One listener per event name (Cocos 3.8.0–3.8.4 call existing listeners when a second is added).
    OnScriptEventListener listener = [^(NSString *arg) {
        [gBridge onRequest:arg];
    } copy];
    // Ownership of `listener` passes to the wrapper, which releases it after storing it.
    [[JsbBridgeWrapper sharedInstance] addScriptEventListener:kRequestEvent listener:listener];
    return YES;
}

@end
