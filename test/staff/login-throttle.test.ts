import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/staff/login-throttle';

describe('login throttle', () => {
  const make = () => {
    let t = 1_000_000;
    const throttle = new LoginThrottle({ maxFailuresPerAccount: 10, maxFailuresPerIp: 30, windowMs: 15 * 60_000, now: () => t });
    return { throttle, advance: (ms: number) => (t += ms) };
  };

  it('locks an account after ten failures, from any IP, until the window ends', () => {
    const { throttle, advance } = make();
    for (let i = 0; i < 9; i++) throttle.recordFailure(`10.0.0.${i}`, 'Ana@Clinica.com');
    expect(throttle.retryAfterMs('10.0.0.99', 'ana@clinica.com')).toBe(0);
    throttle.recordFailure('10.0.0.9', 'ana@clinica.com');
    expect(throttle.retryAfterMs('10.0.0.99', 'ANA@clinica.com')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('10.0.0.99', 'outra@clinica.com')).toBe(0);
    advance(15 * 60_000);
    expect(throttle.retryAfterMs('10.0.0.99', 'ana@clinica.com')).toBe(0);
  });

  it('locks an IP that sprays many accounts', () => {
    const { throttle } = make();
    for (let i = 0; i < 29; i++) throttle.recordFailure('203.0.113.7', `user${i}@x.com`);
    expect(throttle.retryAfterMs('203.0.113.7', 'new@x.com')).toBe(0);
    throttle.recordFailure('203.0.113.7', 'user29@x.com');
    expect(throttle.retryAfterMs('203.0.113.7', 'new@x.com')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('203.0.113.8', 'new@x.com')).toBe(0);
  });

  it('a success clears the account count but not the IP count', () => {
    const { throttle } = make();
    for (let i = 0; i < 9; i++) throttle.recordFailure('198.51.100.1', 'b@x.com');
    throttle.recordSuccess('b@x.com');
    throttle.recordFailure('198.51.100.2', 'b@x.com');
    expect(throttle.retryAfterMs('198.51.100.2', 'b@x.com')).toBe(0);
    for (let i = 0; i < 21; i++) throttle.recordFailure('198.51.100.1', `c${i}@x.com`);
    expect(throttle.retryAfterMs('198.51.100.1', 'd@x.com')).toBeGreaterThan(0);
  });

  it('reserve counts the attempt up front and a success gives the IP its attempt back', () => {
    const { throttle } = make();
    for (let i = 0; i < 10; i++) expect(throttle.reserve('192.0.2.1', 'e@x.com')).toBe(0);
    expect(throttle.reserve('192.0.2.1', 'e@x.com')).toBeGreaterThan(0);
    for (let i = 0; i < 29; i++) throttle.reserve('192.0.2.2', `f${i}@x.com`);
    throttle.recordSuccess('f0@x.com', '192.0.2.2');
    expect(throttle.reserve('192.0.2.2', 'g@x.com')).toBe(0);
    expect(throttle.reserve('192.0.2.2', 'h@x.com')).toBe(0);
    expect(throttle.reserve('192.0.2.2', 'i@x.com')).toBeGreaterThan(0);
  });
});
