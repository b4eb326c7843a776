import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress, isAllowedAddress } from '../../src/net/address-policy.ts';
import type { AddressKind } from '../../src/net/address-policy.ts';

const TABLE: [address: string, kind: AddressKind][] = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['93.184.216.34', 'public'],
  ['1.1.1.1', 'public'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['100.63.255.255', 'public'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.0', 'public'],
  ['100.100.100.200', 'metadata'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'metadata'],
  ['169.254.0.1', 'link_local'],
  ['172.15.255.255', 'public'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.0', 'public'],
  ['192.0.0.192', 'reserved'],
  ['192.0.2.10', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['192.167.255.255', 'public'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'reserved'],
  ['198.51.100.7', 'reserved'],
  ['203.0.113.9', 'reserved'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['223.255.255.255', 'public'],
  // IPv6
  ['2606:4700:4700::1111', 'public'],
  ['2a00:1450:4001:81b::200e', 'public'],
  ['[2606:4700::1]', 'public'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::2', 'reserved'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:0:0', 'unspecified'],
  ['::10.0.0.1', 'reserved'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b::a00:1', 'private'],
  ['64:ff9b::169.254.169.254', 'metadata'],
  ['64:ff9b:1::1', 'private'],
  ['2002:0a00:0001::1', 'private'],
  ['2002:7f00:1::', 'loopback'],
  ['2002:0808:0808::1', 'public'],
  ['2001::1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  ['100::1', 'reserved'],
  ['fc00::1', 'unique_local'],
  ['fd12:3456:789a::1', 'unique_local'],
  ['fd00:ec2::254', 'metadata'],
  ['fe80::1', 'link_local'],
  ['febf:ffff::1', 'link_local'],
  ['fec0::1', 'private'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['4000::1', 'reserved'],
  ['1000::1', 'reserved'],
  // Not addresses
  ['example.com', 'invalid'],
  ['256.1.1.1', 'invalid'],
  ['fe80::1%eth0', 'invalid'],
  ['', 'invalid'],
];

describe('classifyAddress', () => {
  for (const [address, kind] of TABLE) {
    it(`${address || '(empty)'} is ${kind}`, () => {
      assert.equal(classifyAddress(address), kind);
    });
  }
});

describe('isAllowedAddress', () => {
  it('allows public addresses only by default', () => {
    for (const [address, kind] of TABLE) assert.equal(isAllowedAddress(address), kind === 'public', address);
  });

  it('with allowLoopback, lets loopback through and nothing else that is not public', () => {
    for (const [address, kind] of TABLE) {
      assert.equal(isAllowedAddress(address, { allowLoopback: true }), kind === 'public' || kind === 'loopback', address);
    }
    assert.equal(isAllowedAddress('127.0.0.1', { allowLoopback: true }), true);
    assert.equal(isAllowedAddress('::1', { allowLoopback: true }), true);
    assert.equal(isAllowedAddress('10.0.0.1', { allowLoopback: true }), false);
    assert.equal(isAllowedAddress('169.254.169.254', { allowLoopback: true }), false);
    assert.equal(isAllowedAddress('0.0.0.0', { allowLoopback: true }), false);
  });
});
