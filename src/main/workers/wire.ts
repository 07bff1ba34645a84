/**
 * Errors across the worker boundary: a GlossError arrives as the same
 * GlossError (code and message), anything else as a plain Error with its
 * message, which the caller treats as it treats that error in-thread.
 */
import { GlossError, isErrorCode, type ErrorCode } from '../../shared/errors';

export interface WireError {
  code: ErrorCode | null;
  message: string;
}

export function errorToWire(err: unknown): WireError {
  if (err instanceof GlossError) return { code: err.code, message: err.message };
  return { code: null, message: err instanceof Error ? err.message : String(err) };
}

export function errorFromWire(wire: WireError): Error {
  return isErrorCode(wire.code) ? new GlossError(wire.code, wire.message) : new Error(wire.message);
}
