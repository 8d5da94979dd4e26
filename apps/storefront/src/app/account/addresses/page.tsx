import type { Metadata } from 'next';
import { AccountAddressActions } from '~/components/account-address-actions';
import { AccountAddressForm, type CountryChoice } from '~/components/account-address-form';
import { AccountNav } from '~/components/account-nav';
import { accountCaller, requireCustomer } from '~/server/customer-auth';

export const metadata: Metadata = { title: 'Your addresses' };

/** The countries the shop ships to, with the ones that have postal-code rules first. */
const COUNTRY_CODES = ['US', 'CA', 'GB', 'DE', 'FR', 'ES', 'IT', 'AT', 'BE', 'NL', 'IE'];
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countries: CountryChoice[] = COUNTRY_CODES.map((code) => ({
  code,
  name: regionNames.of(code) ?? code,
}));

function countryName(code: string): string {
  return countries.find((c) => c.code === code)?.name ?? code;
}

export default async function AddressesPage() {
  const customer = await requireCustomer('/account/addresses');
  const addresses = await accountCaller().account.addresses.list();
  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6 sm:py-12">
      <AccountNav current="addresses" customer={customer} />
      <section aria-labelledby="saved-heading" className="mt-8">
        <h2 id="saved-heading" className="text-lg font-semibold">
          Saved addresses
        </h2>
        {addresses.length === 0 ? (
          <p className="mt-2 text-neutral-600">
            No saved addresses yet. Add one below and it will be ready at checkout.
          </p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2" data-testid="address-list">
            {addresses.map((a) => {
              const label = `${a.line1}, ${a.city}`;
              return (
                <li
                  key={a.id}
                  className="flex flex-col justify-between gap-4 rounded-lg border border-neutral-200 p-4"
                >
                  <div>
                    {a.isDefault ? (
                      <p className="mb-2 inline-flex rounded-sm bg-neutral-100 px-2 py-0.5 text-xs font-medium text-neutral-700">
                        Default
                      </p>
                    ) : null}
                    <address className="text-sm leading-relaxed text-neutral-700 not-italic">
                      <span className="font-medium text-neutral-900">
                        {a.firstName} {a.lastName}
                      </span>
                      <br />
                      {a.line1}
                      {a.line2 ? `, ${a.line2}` : ''}
                      <br />
                      {[a.postalCode, a.city, a.province].filter(Boolean).join(' ')}
                      <br />
                      {countryName(a.countryCode)}
                      {a.phone ? (
                        <>
                          <br />
                          {a.phone}
                        </>
                      ) : null}
                    </address>
                  </div>
                  <AccountAddressActions id={a.id} isDefault={a.isDefault} label={label} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-heading" className="mt-10 max-w-xl">
        <h2 id="add-heading" className="text-lg font-semibold">
          Add an address
        </h2>
        <div className="mt-4">
          <AccountAddressForm countries={countries} isFirst={addresses.length === 0} />
        </div>
      </section>
    </div>
  );
}
