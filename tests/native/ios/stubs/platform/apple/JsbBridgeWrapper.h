// Compile-only stub written for Common Billing with the public signatures of Cocos Creator 3.8's
// native/cocos/platform/apple/JsbBridgeWrapper.h (COCOS.md §3). Not the engine's code.
#pragma once
#import <Foundation/Foundation.h>

typedef void (^OnScriptEventListener)(NSString *arg);

@interface JsbBridgeWrapper : NSObject
+ (instancetype)sharedInstance;
- (void)addScriptEventListener:(NSString *)eventName listener:(OnScriptEventListener)listener;
- (bool)removeScriptEventListener:(NSString *)eventName listener:(OnScriptEventListener)listener;
- (void)removeAllListenersForEvent:(NSString *)eventName;
- (void)removeAllListeners;
- (void)dispatchEventToScript:(NSString *)eventName arg:(NSString *)arg;
- (void)dispatchEventToScript:(NSString *)eventName;
@end
