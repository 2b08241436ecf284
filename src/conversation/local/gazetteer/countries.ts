/**
 * AMAZON.Country: the world's countries by their common English names, each line
 * "Canonical|alias|alias". Parley's own list (UN members, observers, the nations of the United
 * Kingdom and a few widely named territories); aliases are other names people say for the same
 * country.
 */
export const COUNTRY_LINES: readonly string[] = [
  'Afghanistan', 'Albania', 'Algeria', 'Andorra', 'Angola', 'Antigua and Barbuda|Antigua',
  'Argentina', 'Armenia', 'Australia', 'Austria', 'Azerbaijan', 'Bahamas|The Bahamas', 'Bahrain',
  'Bangladesh', 'Barbados', 'Belarus', 'Belgium', 'Belize', 'Benin', 'Bhutan', 'Bolivia', 'Bosnia and Herzegovina|Bosnia',
  'Botswana', 'Brazil|Brasil', 'Brunei', 'Bulgaria', 'Burkina Faso', 'Burundi', 'Cabo Verde|Cape Verde', 'Cambodia',
  'Cameroon', 'Canada', 'Central African Republic', 'Chad', 'Chile', 'China|Peoples Republic of China|PRC|Mainland China',
  'Colombia', 'Comoros', 'Republic of the Congo|Congo-Brazzaville|Congo Brazzaville',
  'Democratic Republic of the Congo|DRC|DR Congo|Congo-Kinshasa|Congo Kinshasa', 'Costa Rica',
  "Cote d'Ivoire|Ivory Coast|Côte d'Ivoire", 'Croatia', 'Cuba', 'Cyprus', 'Czechia|Czech Republic', 'Denmark',
  'Djibouti', 'Dominica', 'Dominican Republic', 'Ecuador', 'Egypt', 'El Salvador', 'Equatorial Guinea', 'Eritrea',
  'Estonia', 'Eswatini|Swaziland', 'Ethiopia', 'Fiji', 'Finland', 'France', 'Gabon', 'Gambia|The Gambia', 'Georgia',
  'Germany|Deutschland', 'Ghana', 'Greece|Hellas', 'Grenada', 'Guatemala', 'Guinea', 'Guinea-Bissau|Guinea Bissau', 'Guyana',
  'Haiti', 'Honduras', 'Hungary', 'Iceland', 'India|Bharat', 'Indonesia', 'Iran|Persia', 'Iraq', 'Ireland|Republic of Ireland|Eire',
  'Israel', 'Italy|Italia', 'Jamaica', 'Japan|Nippon', 'Jordan', 'Kazakhstan', 'Kenya', 'Kiribati', 'Kuwait', 'Kyrgyzstan',
  'Laos', 'Latvia', 'Lebanon', 'Lesotho', 'Liberia', 'Libya', 'Liechtenstein', 'Lithuania', 'Luxembourg', 'Madagascar',
  'Malawi', 'Malaysia', 'Maldives', 'Mali', 'Malta', 'Marshall Islands', 'Mauritania', 'Mauritius', 'Mexico', 'Micronesia',
  'Moldova', 'Monaco', 'Mongolia', 'Montenegro', 'Morocco', 'Mozambique', 'Myanmar|Burma', 'Namibia', 'Nauru', 'Nepal',
  'Netherlands|Holland|The Netherlands', 'New Zealand|Aotearoa', 'Nicaragua', 'Niger', 'Nigeria', 'North Korea|DPRK',
  'North Macedonia|Macedonia', 'Norway', 'Oman', 'Pakistan', 'Palau', 'Palestine', 'Panama', 'Papua New Guinea|PNG',
  'Paraguay', 'Peru', 'Philippines|The Philippines', 'Poland', 'Portugal', 'Qatar', 'Romania', 'Russia|Russian Federation',
  'Rwanda', 'Saint Kitts and Nevis|St Kitts and Nevis', 'Saint Lucia|St Lucia', 'Saint Vincent and the Grenadines|St Vincent',
  'Samoa', 'San Marino', 'Sao Tome and Principe|São Tomé and Príncipe', 'Saudi Arabia', 'Senegal', 'Serbia', 'Seychelles',
  'Sierra Leone', 'Singapore', 'Slovakia', 'Slovenia', 'Solomon Islands', 'Somalia', 'South Africa', 'South Korea|Korea|Republic of Korea',
  'South Sudan', 'Spain|España', 'Sri Lanka|Ceylon', 'Sudan', 'Suriname', 'Sweden', 'Switzerland', 'Syria', 'Taiwan',
  'Tajikistan', 'Tanzania', 'Thailand|Siam', 'Timor-Leste|East Timor', 'Togo', 'Tonga', 'Trinidad and Tobago|Trinidad',
  'Tunisia', 'Turkey|Türkiye|Turkiye', 'Turkmenistan', 'Tuvalu', 'Uganda', 'Ukraine', 'United Arab Emirates|UAE|Emirates',
  'United Kingdom|UK|Britain|Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland',
  // Not "US": spoken or typed in lower case it is the pronoun.
  'United States|USA|America|United States of America|the States', 'Uruguay', 'Uzbekistan', 'Vanuatu',
  'Vatican City|Holy See|the Vatican', 'Venezuela', 'Vietnam|Viet Nam', 'Yemen', 'Zambia', 'Zimbabwe',
  'Kosovo', 'Hong Kong', 'Macau|Macao', 'Puerto Rico', 'Greenland', 'Western Sahara',
];
