// Source: apache/openwhisk docs/actions-nodejs.md "call an external API" (weather: a location spliced unencoded into a query URL, body parsed with JSON.parse), on fetch against the local backend.
function main(params) {
    var location = params.location || 'Vermont';
    var url = params.base + '/echo?q=select item.condition from weather.forecast where woeid in (select woeid from geo.places(1) where text="' + location + '")&format=json';
    return fetch(url).then(function (response) {
        return response.text();
    }).then(function (body) {
        var got = JSON.parse(body);
        var output = 'It is ' + got.method + ' degrees in ' + location + ' and ' + got.got.length;
        console.log(output);
        return {msg: output};
    });
}
