// Source: apache/openwhisk docs/actions-nodejs.md "call an external API" (weather), written with async/await: a location spliced unencoded into a query URL.
async function main(params) {
    var location = params.location || 'Vermont';
    var url = params.base + '/echo?q=select item.condition from weather.forecast where woeid in (select woeid from geo.places(1) where text="' + location + '")&format=json';
    var response = await fetch(url);
    var body = await response.text();
    var got = JSON.parse(body);
    var output = 'It is ' + got.method + ' degrees in ' + location + ' and ' + got.got.length;
    console.log(output);
    return {msg: output};
}
