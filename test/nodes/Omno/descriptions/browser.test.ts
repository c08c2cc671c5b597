import { BROWSER_DEFAULTS, browserFields, buildBrowser } from '../../../../nodes/Omno/descriptions/browser';
import { makeContext } from '../../../helpers/omno';

describe('buildBrowser', () => {
	it('sends the defaults plus the customer IP when nothing is overridden', () => {
		expect(buildBrowser(makeContext({ customerIp: '203.0.113.7' }), 0)).toEqual({
			acceptHeader: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
			userAgent: BROWSER_DEFAULTS.userAgent,
			language: 'en-US',
			timeZoneOffset: 0,
			timeZone: 'UTC',
			colorDepth: 24,
			screenHeight: 1080,
			screenWidth: 1920,
			windowHeight: 1080,
			windowWidth: 1920,
			javaEnabled: false,
			javascriptEnabled: true,
			customerIp: '203.0.113.7',
		});
	});

	it('applies overrides, converting integer text and boolean text', () => {
		const browser = buildBrowser(
			makeContext({
				customerIp: '2001:db8::1',
				browser: {
					language: 'de-DE',
					timeZoneOffset: '-60',
					screenWidth: 390,
					javaEnabled: 'true',
					timeZone: 'Europe/Berlin',
				},
			}),
			0,
		);
		expect(browser).toMatchObject({
			language: 'de-DE',
			timeZoneOffset: -60,
			screenWidth: 390,
			javaEnabled: true,
			timeZone: 'Europe/Berlin',
			customerIp: '2001:db8::1',
		});
	});

	it.each([
		[{ customerIp: '' }, 'Customer IP (customerIp) is empty'],
		[{ customerIp: 'my-pc' }, 'Customer IP (customerIp) must be an IPv4 or IPv6'],
		[
			{ customerIp: '1.2.3.4', browser: { colorDepth: 24.5 } },
			'Color Depth (browser.colorDepth) must be a whole number',
		],
		[
			{ customerIp: '1.2.3.4', browser: { screenHeight: 0 } },
			'Screen Height (browser.screenHeight) must be between 1',
		],
		[
			{ customerIp: '1.2.3.4', browser: { timeZoneOffset: 5000 } },
			'Time Zone Offset (browser.timeZoneOffset) must be between',
		],
		[
			{ customerIp: '1.2.3.4', browser: { javascriptEnabled: 'maybe' } },
			'JavaScript Enabled (browser.javascriptEnabled) must be true or false',
		],
	])('refuses %j', (params, message) => {
		expect(() => buildBrowser(makeContext(params), 0)).toThrow(message);
	});
});

describe('browserFields', () => {
	it('shows the same defaults in the UI as it sends', () => {
		const options = (browserFields[1].options as Array<{ name: string; default: unknown }>).map((o) => [
			o.name,
			o.default,
		]);
		expect(Object.fromEntries(options)).toEqual(BROWSER_DEFAULTS);
	});
});
